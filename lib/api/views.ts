import type { z } from "zod";
import type { Job } from "../domain/job.js";
import type { Group, Tenant, User } from "../domain/model.js";
import * as s from "./schemas.js";

/**
 * How the API shows the records: each view keeps the fields its response schema declares and nothing else, so
 * storage bookkeeping (`version`, job chunks) and the caller's own tenant id never reach a response by accident.
 */

/** A job as the API shows it: the schema's fields only (no internal chunk bookkeeping). */
export function jobView(job: Job): z.output<typeof s.job> {
  return s.job.parse(job);
}

/** A user as the API shows it: no `version`, no `tenantId` (the caller's own tenant, never echoed). */
export function userView(user: User): z.output<typeof s.user> {
  return s.user.parse(user);
}

/** One user with the groups they belong to and the classes they teach (`getUser`). */
export function userDetailView(user: User & { memberOf: string[]; teaches: string[] }) {
  return { ...userView(user), memberOf: user.memberOf, teaches: user.teaches };
}

/** A group as the API shows it (no `tenantId`, no timestamps). */
export function groupView(group: Group): z.output<typeof s.group> {
  return s.group.parse(group);
}

/** A page of records, each through its view. */
export function pageView<T, V>(page: { items: T[]; cursor?: string }, view: (item: T) => V) {
  return { ...page, items: page.items.map(view) };
}

/** The tenant as the API shows it: its settings, not the state other endpoints own (policies, early years). */
export function tenantView(tenant: Tenant): z.output<typeof s.tenant> {
  return s.tenant.parse(tenant);
}

/** A new session as every sign-in answers it (201). */
export function sessionView(session: { token: string; expiresAt: Date; user: User }) {
  return {
    token: session.token,
    tokenType: "Bearer" as const,
    expiresAt: session.expiresAt.toISOString(),
    user: userView(session.user),
  };
}
