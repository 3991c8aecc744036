import { z } from "zod";
import { jobTypes } from "../domain/job.js";
import { emailTemplates } from "../topology/email-templates.js";

/** Queue message bodies, validated by each consumer before use. */
export const fanOutMessage = z.object({
  tenantId: z.string().min(1),
  jobId: z.string().min(1),
  type: z.enum(jobTypes),
  phase: z.number().int().min(1),
});

export const workMessage = fanOutMessage.extend({
  chunk: z.number().int().min(0),
  rows: z.number().int().min(0),
});

export const jobMessage = z.union([workMessage, fanOutMessage]);

export const emailMessage = z.object({
  tenantId: z.string().min(1),
  emailId: z.string().min(1).max(64),
  template: z.enum(Object.keys(emailTemplates) as [keyof typeof emailTemplates]),
  to: z.email(),
  data: z.record(z.string(), z.string()),
});
