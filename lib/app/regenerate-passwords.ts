import { randomBytes, randomUUID } from "node:crypto";
import type { AuditEvent } from "../domain/audit.js";
import { ConflictError, ValidationError } from "../domain/errors.js";
import type { Job, JobStatus } from "../domain/job.js";
import { keyedRandom } from "../domain/keyed-random.js";
import type { Group } from "../domain/model.js";
import { generatePassword, type PasswordPolicies, policyFor } from "../domain/password-policy.js";
import { actorOf, authorize, type Principal } from "../domain/permissions.js";
import { expiryFor, type TemporaryCredential, temporaryPasswordAad } from "../domain/temporary-password.js";
import type { ChunkResult } from "../ports/job-repository.js";
import type { UserState } from "../ports/user-repository.js";
import { mapLimit } from "./concurrency.js";
import type { Deps } from "./deps.js";
import { reauthenticate } from "./reauthenticate.js";

/** Only one regeneration runs per tenant, so two runs never race to give one user two passwords. */
export const regenerationLock = "password-regeneration";
/** Longer than any job should take; a lost holder frees the lock after this. */
const lockSeconds = 3600;
/**
 * Users per work message. Each chunk costs a few fixed round trips (chunk, job, done marker, the transaction that
 * counts it); 200 users (400 items written) keep those small beside the writes and well inside the timeout.
 */
export const defaultRegenerationChunkSize = 200;
const maxGroups = 100;

/** One user selected by a run, with the group that selected them (the report's "filter criteria"). */
export type CohortRow = { userId: string; groupId: string };

/**
 * The members of `groupIds`, each once — under the first selected group they belong to — in selection order.
 * Membership queries only (cheap): whether each user is still unclaimed is decided by the work consumer, in
 * parallel with the writes, and by the preview.
 */
export async function cohortMembers(
  deps: Pick<Deps, "groups">,
  tenantId: string,
  groupIds: readonly string[],
): Promise<{ rows: CohortRow[]; members: Map<string, number> }> {
  const memberLists = await mapLimit(groupIds, 4, async (groupId) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.groups.memberIds(tenantId, groupId, { limit: 1000, cursor });
      ids.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return ids;
  });
  const seen = new Set<string>();
  const rows: CohortRow[] = [];
  const members = new Map<string, number>();
  groupIds.forEach((groupId, g) => {
    const ids = memberLists[g] ?? [];
    members.set(groupId, ids.length);
    for (const userId of ids) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      rows.push({ userId, groupId });
    }
  });
  return { rows, members };
}

/** The current state of many users (type, status, claimed), 100 per `BatchGetItem`, a few calls in flight. */
async function statesOf(deps: Pick<Deps, "users">, tenantId: string, userIds: readonly string[]) {
  const slices: string[][] = [];
  for (let i = 0; i < userIds.length; i += 100) slices.push(userIds.slice(i, i + 100));
  const states = await mapLimit(slices, 4, (slice) => deps.users.statesOf(tenantId, slice));
  return new Map(states.flat().map((u) => [u.userId, u]));
}

/** Users who set their own password are never touched; disabled accounts get no password to hand out. */
function isRegenerable(user: UserState | undefined): user is UserState {
  return user !== undefined && user.status === "active" && !user.claimedAt;
}

async function selectedGroups(deps: Pick<Deps, "groups">, tenantId: string, groupIds: readonly string[]) {
  const unique = [...new Set(groupIds)];
  if (unique.length === 0 || unique.length > maxGroups) {
    const detail = `choose between 1 and ${maxGroups} groups`;
    throw new ValidationError(`Invalid selection: ${detail}.`, [{ pointer: "/groupIds", detail }]);
  }
  const groups = await Promise.all(unique.map((g) => deps.groups.get(tenantId, g)));
  const missing = unique.filter((_, i) => !groups[i]);
  if (missing.length > 0) {
    throw new ValidationError(
      "Some selected groups do not exist.",
      missing.map((g) => ({ pointer: `/groupIds/${unique.indexOf(g)}`, detail: `no group ${g}` })),
    );
  }
  return groups as Group[];
}

/**
 * Preview: how many temporary passwords a run over these groups would regenerate (only unclaimed users, each
 * once), per group and in all — the number the confirmation dialogue shows.
 */
export async function previewRegeneration(
  deps: Pick<Deps, "groups" | "users">,
  principal: Principal,
  groupIds: readonly string[],
) {
  authorize(principal, "passwords:generate");
  const groups = await selectedGroups(deps, principal.tenantId, groupIds);
  const cohort = await cohortMembers(
    deps,
    principal.tenantId,
    groups.map((g) => g.groupId),
  );
  const states = await statesOf(
    deps,
    principal.tenantId,
    cohort.rows.map((r) => r.userId),
  );
  const selected = new Map<string, number>();
  for (const row of cohort.rows) {
    if (isRegenerable(states.get(row.userId)))
      selected.set(row.groupId, (selected.get(row.groupId) ?? 0) + 1);
  }
  return {
    users: [...selected.values()].reduce((a, b) => a + b, 0),
    groups: groups.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      members: cohort.members.get(g.groupId) ?? 0,
      selectedUnclaimed: selected.get(g.groupId) ?? 0,
    })),
  };
}

/**
 * Starts a bulk regeneration.
 * 1. Authorize, then re-authenticate the admin with their own password (wrong: 401, nothing recorded or queued).
 * 2. Take the tenant's regeneration lock (another run in progress: 409).
 * 3. Record the job with a fresh 256-bit job key, sealed; each user's password is derived from it, so a
 *    redelivered work message re-creates the same password.
 * 4. Queue one fan-out message; its consumer builds the work list (the cohort) and queues the work.
 */
export async function startRegeneration(
  deps: Pick<
    Deps,
    "groups" | "users" | "credentials" | "hasher" | "jobs" | "jobQueue" | "secretBox" | "clock"
  >,
  principal: Principal,
  input: { groupIds: string[]; password: string },
  options: { chunkSize?: number } = {},
) {
  authorize(principal, "passwords:generate");
  await reauthenticate(deps, principal, input.password);
  const tenantId = principal.tenantId;
  const groups = await selectedGroups(deps, tenantId, input.groupIds);
  const now = deps.clock.now();
  const jobId = randomUUID();
  if (!(await deps.jobs.acquireLock(tenantId, regenerationLock, jobId, now, lockSeconds))) {
    throw new ConflictError(
      "A temporary password regeneration is already running for this tenant; try again when it completes.",
    );
  }
  const job: Job = {
    tenantId,
    jobId,
    type: "password-regeneration",
    status: "queued",
    total: 0,
    processed: 0,
    failed: 0,
    skipped: 0,
    phases: [],
    chunkSizes: [],
    phase: 1,
    chunksDone: 0,
    createdBy: actorOf(principal),
    createdAt: now.toISOString(),
    errors: [],
    groups: groups.map((g) => ({ groupId: g.groupId, name: g.name })),
    report: { status: "pending" },
    chunkSize: options.chunkSize ?? defaultRegenerationChunkSize,
  };
  try {
    const key = randomBytes(32).toString("base64");
    await deps.jobs.putSecret(tenantId, jobId, await deps.secretBox.seal(key, jobKeyAad(tenantId, jobId)));
    await deps.jobs.create(job, []);
    await deps.jobQueue.fanOut({ tenantId, jobId, type: job.type, phase: 1 });
  } catch (error) {
    await deps.jobs.finish(tenantId, jobId, "failed", deps.clock.now()).catch(() => undefined);
    await deps.jobs.releaseLock(tenantId, regenerationLock, jobId);
    throw error;
  }
  return job;
}

const jobKeyAad = (tenantId: string, jobId: string) => `job-key/${tenantId}/${jobId}`;

/**
 * Fan-out planning: the selected groups' members, each once, stored as the job's work chunks. A second planner (a
 * redelivered fan-out) finds the job planned and uses the stored plan. The total counts every selected member;
 * those who set their own password are counted as skipped when their chunk runs.
 */
export async function planRegeneration(deps: Pick<Deps, "groups" | "jobs" | "clock">, job: Job) {
  const { rows } = await cohortMembers(
    deps,
    job.tenantId,
    (job.groups ?? []).map((g) => g.groupId),
  );
  const size = job.chunkSize ?? defaultRegenerationChunkSize;
  const chunks: CohortRow[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  await deps.jobs.plan(job.tenantId, job.jobId, chunks, deps.clock.now());
}

/** Job keys opened in this execution environment (one KMS call per job, not per chunk). */
const openedKeys = new Map<string, Buffer>();

async function jobKey(deps: Pick<Deps, "jobs" | "secretBox">, tenantId: string, jobId: string) {
  const cacheKey = `${tenantId}/${jobId}`;
  const cached = openedKeys.get(cacheKey);
  if (cached) return cached;
  const sealed = await deps.jobs.getSecret(tenantId, jobId);
  if (!sealed) throw new Error(`Job ${jobId} has no key (finished or expired)`);
  const key = Buffer.from(await deps.secretBox.open(sealed, jobKeyAad(tenantId, jobId)), "base64");
  if (openedKeys.size >= 20) openedKeys.delete(openedKeys.keys().next().value as string);
  openedKeys.set(cacheKey, key);
  return key;
}

/** Tenant password policies, cached briefly per execution environment (one read per chunk is wasted work). */
const policyCache = new Map<string, { at: number; policies: PasswordPolicies }>();

async function tenantPolicies(deps: Pick<Deps, "tenants">, tenantId: string): Promise<PasswordPolicies> {
  const cached = policyCache.get(tenantId);
  if (cached && Date.now() - cached.at < 60_000) return cached.policies;
  const policies = (await deps.tenants.get(tenantId))?.passwordPolicies ?? {};
  if (policyCache.size >= 100) policyCache.clear();
  policyCache.set(tenantId, { at: Date.now(), policies });
  return policies;
}

/**
 * Work: regenerates one chunk's users, idempotently per (job, user).
 * 0. Read the users' current state: one who set their own password (or is disabled) is skipped, never touched.
 * 1. Derive each password from the job key and the user id (the same on every delivery), following the policy for
 *    the user's type; seal it with AAD tenant + user + generation (the job id).
 * 2. Write the credentials and one user event each with `BatchWriteItem`. Writing them again on a redelivery
 *    stores the same passwords and the same events.
 * A user who sets their own password in the milliseconds between the read and the write is not harmed: their own
 * password keeps working, sign-in and "show password" ignore a claimed user's temporary credential, and the report
 * marks the row void.
 */
export async function regenerateChunk(
  deps: Pick<Deps, "jobs" | "users" | "tenants" | "temporaryPasswords" | "audit" | "secretBox">,
  job: Job,
  rows: readonly CohortRow[],
): Promise<ChunkResult> {
  const { tenantId, jobId } = job;
  const [key, policies, states] = await Promise.all([
    jobKey(deps, tenantId, jobId),
    tenantPolicies(deps, tenantId),
    statesOf(
      deps,
      tenantId,
      rows.map((r) => r.userId),
    ),
  ]);
  const eligible = rows.flatMap((row) => {
    const state = states.get(row.userId);
    return isRegenerable(state) ? [{ ...row, userType: state.userType }] : [];
  });
  const generatedAt = job.startedAt ?? job.createdAt;
  const expiresAt = expiryFor(new Date(generatedAt));
  const groupNames = new Map((job.groups ?? []).map((g) => [g.groupId, g.name]));
  const credentials: TemporaryCredential[] = await Promise.all(
    eligible.map(async ({ userId, userType }) => {
      const password = generatePassword(policyFor(policies, userType), keyedRandom(key, userId));
      return {
        tenantId,
        userId,
        generation: jobId,
        jobId,
        sealed: await deps.secretBox.seal(password, temporaryPasswordAad(tenantId, userId, jobId)),
        generatedAt,
        generatedBy: job.createdBy,
        expiresAt,
      };
    }),
  );
  const events: AuditEvent[] = eligible.map(({ userId, groupId }) => ({
    tenantId,
    userId,
    eventId: jobId,
    at: generatedAt,
    actor: job.createdBy,
    action: "temporary-password.regenerated",
    details: { jobId, groupId, group: groupNames.get(groupId) ?? "" },
  }));
  await Promise.all([deps.temporaryPasswords.putMany(credentials), deps.audit.recordMany(events)]);
  return { processed: rows.length, failed: 0, skipped: rows.length - eligible.length, errors: [] };
}

/**
 * As a regeneration job ends (any final state, before the status is set): make the report available, forget the
 * job key (no password can be derived again), record the tenant audit event, and free the lock. Idempotent.
 */
export async function finishRegeneration(
  deps: Pick<Deps, "jobs" | "audit" | "clock">,
  job: Job,
  status: JobStatus,
) {
  const { tenantId, jobId } = job;
  await deps.jobs.openReport(tenantId, jobId);
  await deps.jobs.deleteSecret(tenantId, jobId);
  openedKeys.delete(`${tenantId}/${jobId}`);
  await deps.audit.record({
    tenantId,
    eventId: jobId,
    at: job.createdAt,
    actor: job.createdBy,
    action: "temporary-passwords.regenerated",
    details: {
      jobId,
      status,
      groupIds: (job.groups ?? []).map((g) => g.groupId),
      groups: (job.groups ?? []).map((g) => g.name),
      users: job.total,
      regenerated: job.processed - (job.skipped ?? 0),
      skipped: job.skipped ?? 0,
      failed: job.failed,
      finishedAt: job.finishedAt ?? deps.clock.now().toISOString(),
    },
  });
  await deps.jobs.releaseLock(tenantId, regenerationLock, jobId);
}

/** Throws when a regeneration is running: an individual reset then waits, so a run cannot overwrite it. */
export async function assertNoRegenerationRunning(deps: Pick<Deps, "jobs" | "clock">, tenantId: string) {
  if (await deps.jobs.lockHolder(tenantId, regenerationLock, deps.clock.now())) {
    throw new ConflictError(
      "A temporary password regeneration is running for this tenant; try again when it completes.",
    );
  }
}
