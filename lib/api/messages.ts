import * as z from "zod";
import { layoutIds } from "../domain/email-layout.js";
import { jobTypes } from "../domain/job.js";

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
  layoutId: z.enum(layoutIds),
  to: z.email(),
  values: z.record(z.string(), z.string()),
  sealed: z.object({ data: z.string().min(1), key: z.string().min(1) }).optional(),
});
