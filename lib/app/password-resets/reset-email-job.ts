import type { Job } from "../../domain/job.js";
import type { User } from "../../domain/model.js";
import type { Principal } from "../../domain/permissions.js";
import { holdsPrivilegedRole } from "../../domain/roles.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import type { Deps } from "../deps.js";
import { type CohortRow, planCohortJob } from "../jobs/cohort.js";
import {
  groupEmailChunk,
  groupEmailReport,
  startGroupEmailJob,
  unreachableMembers,
} from "../jobs/group-email-job.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { forgetJobKey } from "../jobs/job-keys.js";
import { emailResetLink, type ResetEmailOutcome } from "./password-reset.js";

/**
 * Starts a reset-email job (SIMS ID's "Sending Password Reset Emails"): the members of the selected groups who
 * have a verified email each get a reset link; the others (and privileged users, always) are counted (`skipped`)
 * and listed in the job's report, so the admin can give them temporary passwords instead.
 */
export function startResetEmails(
  deps: Parameters<typeof startGroupEmailJob>[0],
  principal: Principal,
  input: { groupIds: string[] },
): Promise<Job> {
  return startGroupEmailJob(deps, principal, input, {
    type: "reset-emails",
    action: "emails:send-resets",
    auditAction: "password-reset-emails.sent",
  });
}

/**
 * Work: emails one chunk's members a reset link, idempotently per (job, user) (`groupEmailChunk`). A member who is
 * privileged, disabled, without a verified email or at the hourly limit is skipped.
 */
export function resetEmailChunk(
  deps: Pick<
    Deps,
    | "users"
    | "tenants"
    | "passwordResets"
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
  return groupEmailChunk(deps, job, rows, (user, linkJob): Promise<MemberOutcome> => {
    if (holdsPrivilegedRole(user.roles)) return Promise.resolve("privileged");
    return emailResetLink(deps, user, { respectTenantPreference: false, job: linkJob });
  });
}

/**
 * What a member's row came to. A privileged user (`privilegedRoles`) never gets a group reset email: a link sent to
 * whatever address a roster gave them would hand over the tenant.
 */
type MemberOutcome = ResetEmailOutcome | "privileged";

/** Why a member got no email, in the report's words. */
const reasons: Record<Exclude<MemberOutcome, "sent">, string> = {
  privileged:
    "privileged account (site admin, headteacher or nominated contact): never reset by a group email",
  "no-verified-email": "no verified email",
  "not-allowed": "account disabled",
  "rate-limited": "five reset emails in the last hour already",
};

/** Why this user would get no reset email now (undefined: they would). */
function whyNot(user: User): string | undefined {
  if (user.status !== "active") return reasons["not-allowed"];
  if (holdsPrivilegedRole(user.roles)) return reasons.privileged;
  if (!user.email || !user.emailVerified) return reasons["no-verified-email"];
  return undefined;
}

/**
 * A finished reset-email job's report: the selected members who got no email because they have no verified email
 * (or are disabled), to give temporary passwords instead.
 */
export function resetEmailReport(deps: Pick<Deps, "jobs" | "users">, job: Job) {
  return unreachableMembers(deps, job, whyNot);
}

/** A reset-email job (started by `startResetEmails`): the fan-out plans the cohort, each chunk emails its members. */
export const resetEmailJob = {
  type: "reset-emails",
  plan: planCohortJob,
  chunk: resetEmailChunk,
  finish: (deps, job) => forgetJobKey(deps, job.tenantId, job.jobId),
  report: groupEmailReport("reset-emails", "emails:send-resets", whyNot),
} as const satisfies JobDefinition<CohortRow>;
