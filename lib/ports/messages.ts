import * as z from "zod";
import { layoutIds } from "../domain/email-layout.js";
import { jobTypes } from "../domain/job.js";

/**
 * Queue message bodies, declared once: the queue ports take the types inferred from these schemas, and each
 * consumer validates a body with them before use.
 */

/** One per job phase: the fan-out consumer turns it into one work message per stored chunk. */
export const fanOutMessage = z.object({
  tenantId: z.string().min(1),
  jobId: z.string().min(1),
  type: z.enum(jobTypes),
  phase: z.number().int().min(1),
});
export type FanOutMessage = z.infer<typeof fanOutMessage>;

/** One chunk of a job phase, with its row count (what a dead-lettered chunk counts as failed). */
export const workMessage = fanOutMessage.extend({
  chunk: z.number().int().min(0),
  rows: z.number().int().min(0),
});
export type WorkMessage = z.infer<typeof workMessage>;

/** Either job message: what the job queues' dead-letter consumer receives. */
export const jobMessage = z.union([workMessage, fanOutMessage]);
export type JobMessage = z.infer<typeof jobMessage>;

/** An email on the email queue. */
export const emailMessage = z.object({
  tenantId: z.string().min(1),
  /** Identifies the email's delivery record; a redelivered queue message with the same id is sent once. */
  emailId: z.string().min(1).max(64),
  layoutId: z.enum(layoutIds),
  to: z.email(),
  /** Merge values that are not secret. */
  values: z.record(z.string(), z.string()),
  /** The layout's secret merge values (PIN code, temporary password, reset link), sealed to this email. */
  sealed: z.object({ data: z.string().min(1), key: z.string().min(1) }).optional(),
  /**
   * Sent in the service's default layout and from its default sender, never a tenant's: for emails about something
   * no single school owns (a Latchkey ID's reset link), which a school's own layout could otherwise leak.
   */
  serviceLayout: z.literal(true).optional(),
});
export type EmailMessage = z.infer<typeof emailMessage>;
