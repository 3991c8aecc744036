import { ForbiddenError } from "../../domain/errors.js";
import { bySchoolName, isActiveMembership } from "../../domain/membership.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/** A school a Latchkey ID may sign in to now, and the account it reaches there. */
export type Membership = { tenantId: string; name: string; userId: string };

/**
 * The identity's active memberships (`domain/membership.ts`), by school name: one query for the links and batch
 * gets for the accounts and schools, however many schools — so a person in 50 schools costs a handful of reads.
 * Each account's status is read now: a user who left or was disabled is not a member any more.
 */
export async function activeMemberships(
  deps: Pick<Deps, "identities">,
  email: string,
): Promise<Membership[]> {
  const [identity, linked] = await Promise.all([
    deps.identities.get(email),
    deps.identities.linkedAccounts(email),
  ]);
  if (!identity) return [];
  return linked
    .filter((link) => isActiveMembership(link, identity, link.user))
    .sort(bySchoolName)
    .map((link) => ({
      tenantId: link.tenantId,
      name: link.tenantName ?? link.tenantId,
      userId: link.userId,
    }));
}

/** `GET /v1/me/memberships`: the schools of the signed-in Latchkey ID, marking the session's one. */
export async function listMyMemberships(
  deps: Pick<Deps, "identities">,
  principal: Principal,
): Promise<(Membership & { current: boolean })[]> {
  const email = identityOf(principal);
  return (await activeMemberships(deps, email)).map((m) => ({
    ...m,
    current: m.tenantId === principal.tenantId,
  }));
}

/** The identity of a Latchkey ID session; `ForbiddenError` for any other caller. */
export function identityOf(principal: Principal): string {
  if (principal.kind !== "user" || !principal.identity) {
    throw new ForbiddenError("Only a Latchkey ID session has memberships");
  }
  return principal.identity;
}
