import { randomUUID } from "node:crypto";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import { foldCase, type User } from "../../domain/model.js";
import { defaultPasswordPolicies, type PasswordPolicies } from "../../domain/password-policy.js";
import { actorOf, assertMayReadSecrets, authorize, type Principal } from "../../domain/permissions.js";
import {
  isExpired,
  type TemporaryCredential,
  temporaryPasswordAad,
  temporaryStatus,
} from "../../domain/temporary-password.js";
import type { AuditPage } from "../../ports/audit-log.js";
import { allPages } from "../all-pages.js";
import { type CredentialGuardDeps, guardCredentialAction } from "../credential-guard.js";
import type { Deps } from "../deps.js";
import { queuePasswordChangedNotice } from "../emails/notices.js";
import { issueTemporaryPassword } from "./issue-temporary-password.js";
import { assertNoRegenerationRunning } from "./regeneration-lock.js";

/** The tenant's temporary password policies, with defaults for user types it has not set. */
export async function getPasswordPolicies(deps: Pick<Deps, "tenants">, principal: Principal) {
  authorize(principal, "tenant:read");
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  return { ...defaultPasswordPolicies, ...tenant.passwordPolicies };
}

/** Sets the policies of the user types given (the others keep the default); audited. */
export async function updatePasswordPolicies(
  deps: Pick<Deps, "tenants" | "audit" | "clock">,
  principal: Principal,
  policies: PasswordPolicies,
) {
  authorize(principal, "tenant:update");
  const now = deps.clock.now();
  const tenant = await deps.tenants.update(principal.tenantId, { passwordPolicies: policies }, now);
  await deps.audit.record({
    tenantId: principal.tenantId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "password-policies.updated",
    details: { userTypes: Object.keys(policies) },
  });
  return { ...defaultPasswordPolicies, ...tenant.passwordPolicies };
}

/** What the unclaimed list shows about a temporary password (never the password itself). */
function temporaryView(credential: TemporaryCredential | undefined, now: Date) {
  const status = temporaryStatus(credential, now);
  if (!credential) return { status };
  return {
    status,
    generatedAt: credential.generatedAt,
    expiresAt: new Date(credential.expiresAt * 1000).toISOString(),
    ...(credential.jobId ? { jobId: credential.jobId } : {}),
  };
}

function unclaimedView(user: User, credential: TemporaryCredential | undefined, now: Date) {
  return {
    userId: user.userId,
    username: user.username,
    forename: user.forename,
    surname: user.surname,
    userType: user.userType,
    temporaryPassword: temporaryView(credential, now),
  };
}

/**
 * Users who have not set their own password (SIMS ID's "Unclaimed Password" page): by surname A→Z or Z→A,
 * searchable by name or username, or the unclaimed members of one group. Passwords are hidden; each row says
 * whether the user's temporary password is active, expired (visible here, unlike Cognito) or not issued.
 */
export async function listUnclaimedUsers(
  deps: Pick<Deps, "users" | "groups" | "temporaryPasswords" | "clock">,
  principal: Principal,
  query: { search?: string; groupId?: string; sort: "surname" | "-surname"; limit: number; cursor?: string },
) {
  authorize(principal, "passwords:read");
  const tenantId = principal.tenantId;
  const now = deps.clock.now();
  let page: { items: User[]; cursor?: string };
  if (query.groupId) {
    if (!(await deps.groups.get(tenantId, query.groupId))) throw new NotFoundError("Group");
    // The whole group is read and sorted, then paged by position: sorted across all pages, not within each page
    // of member ids (a group is a class or a year, a few hundred members at most).
    const offset = offsetOf(query.cursor);
    const memberIds = await allPages(
      (cursor) => deps.groups.memberIds(tenantId, query.groupId as string, { limit: 1000, cursor }),
      { atMost: maxSortedGroupMembers + 1 },
    );
    if (memberIds.length > maxSortedGroupMembers) {
      throw new ValidationError(`This group has more than ${maxSortedGroupMembers} members to sort.`, [
        {
          pointer: "/groupId",
          detail: "list a smaller group (a year or a class), or search without a group",
        },
      ]);
    }
    const search = query.search && foldCase(query.search);
    const users = (await deps.users.getMany(tenantId, memberIds)).filter(
      (u) =>
        !u.claimedAt &&
        u.status !== "left" &&
        (!search || foldCase(`${u.forename} ${u.surname} ${u.username}`).includes(search)),
    );
    const descending = query.sort === "-surname";
    users.sort(
      (a, b) =>
        (descending ? -1 : 1) *
        (a.surname.localeCompare(b.surname, "en-GB") ||
          a.forename.localeCompare(b.forename, "en-GB") ||
          a.username.localeCompare(b.username, "en-GB")),
    );
    const end = offset + query.limit;
    page = { items: users.slice(offset, end), ...(end < users.length ? { cursor: offsetCursor(end) } : {}) };
  } else {
    page = await deps.users.list(tenantId, {
      search: query.search,
      limit: query.limit,
      cursor: query.cursor,
      unclaimedOnly: true,
      descending: query.sort === "-surname",
    });
  }
  const credentials = await deps.temporaryPasswords.getMany(
    tenantId,
    page.items.map((u) => u.userId),
  );
  return {
    items: page.items.map((u) => unclaimedView(u, credentials.get(u.userId), now)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/**
 * Most members of a group the unclaimed list reads and sorts in one request (a whole year of a large school is a
 * few hundred): a larger group is refused rather than read without bound.
 */
export const maxSortedGroupMembers = 5_000;

/** A group list's cursor: the position of the next page in the sorted list. */
function offsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the refusal
  }
  const detail = "not a cursor of this list";
  throw new ValidationError("Invalid cursor.", [{ pointer: "/cursor", detail }]);
}

/** The admin's confirmation and the user acted on: `password` is the admin's own (re-authentication). */
export type CredentialActionInput = { userId: string; password?: string };

/**
 * "Show password": one unclaimed user's active temporary password in plain text, for a signed-in site admin who
 * confirms with their own password, on a user with no more privilege than theirs; audited on the user's history.
 * An expired or replaced password is not shown. Never for an API key (`passwords:reveal`).
 */
export async function revealTemporaryPassword(
  deps: CredentialGuardDeps & Pick<Deps, "temporaryPasswords" | "secretBox" | "audit">,
  principal: Principal,
  input: CredentialActionInput,
) {
  assertMayReadSecrets(principal);
  authorize(principal, "passwords:reveal");
  const tenantId = principal.tenantId;
  const user = await guardCredentialAction(deps, principal, input);
  const { userId } = user;
  const now = deps.clock.now();
  const credential = await deps.temporaryPasswords.get(tenantId, userId);
  if (user.claimedAt || !credential || isExpired(credential, now)) {
    throw new NotFoundError("Active temporary password");
  }
  const password = await deps.secretBox.open(
    credential.sealed,
    temporaryPasswordAad(tenantId, userId, credential.generation),
  );
  await deps.audit.record({
    tenantId,
    userId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "temporary-password.revealed",
    details: { generation: credential.generation },
  });
  return {
    userId,
    username: user.username,
    password,
    generatedAt: credential.generatedAt,
    expiresAt: new Date(credential.expiresAt * 1000).toISOString(),
  };
}

/**
 * Individual reset: a new temporary password for one user, under the policy for their type. It replaces any
 * earlier one (voiding it and its report row); a user who had set their own password loses it and becomes
 * unclaimed (an admin reset). Refused while a bulk regeneration runs, which could otherwise overwrite it.
 * 1. Signed-in site admins only (it returns the password), confirming with their own password, on a user with no
 *    more privilege than theirs (`guardCredentialAction`).
 * 2. Issue the password; end every session of the user (whoever held one is signed out on the next request).
 * 3. Audit for the tenant and on the user's history; tell the user by email (verified address, no secret in it).
 * The password is returned once.
 */
export async function resetTemporaryPassword(
  deps: CredentialGuardDeps &
    Pick<
      Deps,
      | "tenants"
      | "locks"
      | "temporaryPasswords"
      | "secretBox"
      | "audit"
      | "sessionRevocations"
      | "outbox"
      | "emailDeliveries"
    >,
  principal: Principal,
  input: CredentialActionInput,
) {
  assertMayReadSecrets(principal);
  authorize(principal, "passwords:generate");
  authorize(principal, "passwords:reveal");
  const tenantId = principal.tenantId;
  const user = await guardCredentialAction(deps, principal, input);
  const { userId } = user;
  const now = deps.clock.now();
  const tenant = await deps.tenants.get(tenantId);
  await assertNoRegenerationRunning(deps, tenantId);
  const { password, credential } = await issueTemporaryPassword(deps, tenant, user, actorOf(principal), now);
  await deps.sessionRevocations.revokeAll(tenantId, userId, now);
  const { generation } = credential;
  const details = {
    generation,
    username: user.username,
    previouslyClaimed: Boolean(user.claimedAt),
    sessionsRevoked: true,
  };
  const at = now.toISOString();
  const actor = actorOf(principal);
  await deps.audit.recordMany([
    { tenantId, eventId: generation, at, actor, action: "temporary-password.reset", details },
    { tenantId, userId, eventId: generation, at, actor, action: "temporary-password.reset", details },
  ]);
  if (user.email && user.emailVerified) await queuePasswordChangedNotice(deps, user, user.email, now);
  return {
    userId,
    username: user.username,
    password,
    generatedAt: credential.generatedAt,
    expiresAt: new Date(credential.expiresAt * 1000).toISOString(),
  };
}

/** A user's event history (their "My Profile" events), newest first. */
export async function listUserEvents(
  deps: Pick<Deps, "users" | "audit">,
  principal: Principal,
  userId: string,
  page: AuditPage,
) {
  const own = principal.kind === "user" && principal.userId === userId;
  if (!own) authorize(principal, "audit:read");
  if (!(await deps.users.get(principal.tenantId, userId))) throw new NotFoundError("User");
  return deps.audit.forUser(principal.tenantId, userId, page);
}

/** The tenant's audit events, of one kind and time window when asked (regeneration runs, resets, report retrievals, policy changes), newest first. */
export async function listAuditEvents(deps: Pick<Deps, "audit">, principal: Principal, page: AuditPage) {
  authorize(principal, "audit:read");
  return deps.audit.forTenant(principal.tenantId, page);
}
