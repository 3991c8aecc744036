import { ForbiddenError } from "./errors.js";
import type { Role } from "./roles.js";

/**
 * How much a role can do, for "never over someone with more privilege than yourself": the headteacher above the
 * site admin (a site admin cannot take over the headteacher), then the nominated contact (reads secrets' status),
 * class teachers, then everyone else.
 */
const rank: Record<Role, number> = {
  headteacher: 4,
  "site-admin": 3,
  "nominated-contact": 2,
  "class-teacher": 1,
  staff: 0,
  pupil: 0,
};

/** The privilege of a set of roles: that of its most privileged role. */
export function privilegeOf(roles: readonly Role[]): number {
  return Math.max(0, ...roles.map((role) => rank[role]));
}

/** Whether someone with `actor` roles may act on the account of someone with `target` roles. */
export function mayActOn(actor: readonly Role[], target: readonly Role[]): boolean {
  return privilegeOf(target) <= privilegeOf(actor);
}

/** Throws `ForbiddenError` when the target holds more privilege than the actor. */
export function assertMayActOn(actor: readonly Role[], target: readonly Role[]): void {
  if (!mayActOn(actor, target))
    throw new ForbiddenError("Not allowed on a user with more privilege than yourself");
}
