import type { Job } from "../../domain/job.js";
import type { User } from "../../domain/model.js";
import type { Principal } from "../../domain/permissions.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import type { Deps } from "../deps.js";
import { type CohortRow, planCohortJob } from "../jobs/cohort.js";
import { groupEmailChunk, groupEmailReport, startGroupEmailJob } from "../jobs/group-email-job.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { forgetJobKey } from "../jobs/job-keys.js";
import { emailVerificationLink } from "./email-verification.js";

/**
 * Starts an email-verification job: every member of the selected groups whose address is not yet verified gets a
 * link to confirm it (after a roster import, the MIS's addresses are unverified until their owners confirm them,
 * and until then no reset email goes to them). Members with no address, or disabled, are listed in the report.
 */
export function startVerificationEmails(
  deps: Parameters<typeof startGroupEmailJob>[0],
  principal: Principal,
  input: { groupIds: string[] },
): Promise<Job> {
  return startGroupEmailJob(deps, principal, input, {
    type: "email-verifications",
    action: "emails:send-verifications",
    auditAction: "email-verification-emails.sent",
  });
}

/**
 * Work: emails one chunk's unverified members, idempotently per (job, user) — a redelivered chunk finds the links
 * this job issued and queues their emails again under the same ids (sent once, never lost). Members already
 * verified, without an address, disabled or at the hourly limit are skipped.
 */
export function verificationEmailChunk(
  deps: Pick<
    Deps,
    | "users"
    | "emailVerifications"
    | "outbox"
    | "emailDeliveries"
    | "secretBox"
    | "clock"
    | "settings"
    | "jobSecrets"
  >,
  job: Job,
  rows: readonly CohortRow[],
): Promise<ChunkResult> {
  return groupEmailChunk(deps, job, rows, (user, linkJob) => emailVerificationLink(deps, user, linkJob));
}

/** Why this member gets no verification email, if it is something an admin must act on. */
function whyNot(user: User): string | undefined {
  if (user.status !== "active") return "account disabled";
  if (!user.email) return "no email address";
  return undefined;
}

/** An email-verification job: the fan-out plans the cohort, each chunk emails its unverified members. */
export const verificationEmailJob = {
  type: "email-verifications",
  plan: planCohortJob,
  chunk: verificationEmailChunk,
  finish: (deps, job) => forgetJobKey(deps, job.tenantId, job.jobId),
  report: groupEmailReport("email-verifications", "emails:send-verifications", whyNot),
} as const satisfies JobDefinition<CohortRow>;
