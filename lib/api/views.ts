import type { z } from "zod";
import type { Job } from "../domain/job.js";
import type { Group, Tenant, User } from "../domain/model.js";
import { can, type Principal } from "../domain/permissions.js";
import { dayOfBirth } from "../domain/temporary-password.js";
import * as s from "./schemas.js";

/**
 * How the API shows the records: each view keeps the fields its response schema declares and nothing else, so
 * storage bookkeeping (`version`, job chunks) and the caller's own tenant id never reach a response by accident.
 */

/** A job as the API shows it: the schema's fields only (no internal chunk bookkeeping). */
export function jobView(job: Job): z.output<typeof s.job> {
  return s.job.parse(job);
}

/**
 * The fields of a stored record that its response schema declares, as stored. An allow-list, not a validation: a
 * field the schema does not name never reaches a response, and an older record that misses a newer default is
 * still shown rather than failing the request.
 */
function declared<S extends z.ZodObject>(schema: S, record: object): z.output<S> {
  const stored = record as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(schema.shape)
      .filter((key) => stored[key] !== undefined)
      .map((key) => [key, stored[key]]),
  ) as z.output<S>;
}

/**
 * A user as the API shows it: no `version`, no `tenantId` (the caller's own tenant, never echoed). The full date of
 * birth only for a viewer who may read it (`users:read-birth-dates`) or for the user themselves; anyone else gets
 * the day of the month (`dayOfBirth`), as on printed slips. No viewer given: the day only.
 */
export function userView(user: User, viewer?: Principal): z.output<typeof s.user> {
  const { dateOfBirth, ...shown } = declared(s.user, user);
  const own = viewer?.kind === "user" && viewer.userId === user.userId;
  if (dateOfBirth === undefined) return shown;
  if (viewer && (own || can(viewer, "users:read-birth-dates"))) return { ...shown, dateOfBirth };
  const day = dayOfBirth(dateOfBirth);
  return day ? { ...shown, dayOfBirth: day } : shown;
}

/** Users seen by one viewer (for `pageView`). */
export const usersViewedBy = (viewer: Principal) => (user: User) => userView(user, viewer);

/** One user with the groups they belong to and the classes they teach (`getUser`), as `viewer` may see them. */
export function userDetailView(user: User & { memberOf: string[]; teaches: string[] }, viewer: Principal) {
  return { ...userView(user, viewer), memberOf: user.memberOf, teaches: user.teaches };
}

/** A group as the API shows it (no `tenantId`). */
export function groupView(group: Group): z.output<typeof s.group> {
  return declared(s.group, group);
}

/** A page of records, each through its view. */
export function pageView<T, V>(page: { items: T[]; cursor?: string }, view: (item: T) => V) {
  return { ...page, items: page.items.map(view) };
}

/** The tenant as the API shows it: its settings, not the state other endpoints own (policies, early years). */
export function tenantView(tenant: Tenant): z.output<typeof s.tenant> {
  return declared(s.tenant, tenant);
}

/** A new session as every sign-in answers it (201). */
export function sessionView(session: { token: string; expiresAt: Date; user: User }) {
  return {
    token: session.token,
    tokenType: "Bearer" as const,
    expiresAt: session.expiresAt.toISOString(),
    // The signed-in user's own record.
    user: userView(session.user, {
      kind: "user",
      tenantId: session.user.tenantId,
      userId: session.user.userId,
      roles: session.user.roles,
    }),
  };
}
