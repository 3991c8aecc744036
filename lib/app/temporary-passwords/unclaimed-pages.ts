import { can, type Principal } from "../../domain/permissions.js";
import { allPages } from "../all-pages.js";
import type { Deps } from "../deps.js";
import { listGroups } from "../directory/list-groups.js";
import { listUnclaimedUsers } from "./temporary-passwords.js";

export type UnclaimedRow = Awaited<ReturnType<typeof listUnclaimedUsers>>["items"][number];
export type UnclaimedSort = "name" | "username" | "type" | "status" | "generated";

/** Most users one sorted list reads (a large secondary school's unclaimed users at the start of a year). */
const maxUsers = 5000;

const keyOf: Record<UnclaimedSort, (row: UnclaimedRow) => string> = {
  name: (r) => `${r.surname}\u0000${r.forename}`,
  username: (r) => r.username,
  type: (r) => r.userType,
  status: (r) => r.temporaryPassword.status,
  generated: (r) => ("generatedAt" in r.temporaryPassword ? (r.temporaryPassword.generatedAt ?? "") : ""),
};

/** Orders rows by a column, then by name and username, so equal keys keep a stable, predictable order. */
export function sortUnclaimed(
  rows: UnclaimedRow[],
  sort: UnclaimedSort,
  dir: "asc" | "desc",
): UnclaimedRow[] {
  const sign = dir === "desc" ? -1 : 1;
  const compare = (a: string, b: string) =>
    a.localeCompare(b, "en-GB", { sensitivity: "base", numeric: true });
  return [...rows].sort(
    (a, b) =>
      sign * compare(keyOf[sort](a), keyOf[sort](b)) ||
      compare(keyOf.name(a), keyOf.name(b)) ||
      compare(a.username, b.username),
  );
}

/**
 * The console's unclaimed list: every unclaimed user matching the search (and group), sorted by any column across
 * all pages, then one page of it. Authorised by `listUnclaimedUsers` (passwords:read); passwords stay hidden.
 */
export async function unclaimedPage(
  deps: Parameters<typeof listUnclaimedUsers>[0],
  principal: Principal,
  query: {
    search?: string;
    groupId?: string;
    sort: UnclaimedSort;
    dir: "asc" | "desc";
    page: number;
    size: number;
  },
) {
  const rows: UnclaimedRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUnclaimedUsers(deps, principal, {
      search: query.search,
      groupId: query.groupId,
      sort: "surname",
      // A group is read whole on every call of its sorted path: one call for it all, not one per 200 members.
      limit: query.groupId ? maxUsers : 200,
      cursor,
    });
    rows.push(...page.items);
    cursor = page.cursor;
  } while (cursor && rows.length < maxUsers);
  const sorted = sortUnclaimed(rows, query.sort, query.dir);
  const pages = Math.max(1, Math.ceil(sorted.length / query.size));
  const page = Math.min(Math.max(1, query.page), pages);
  return {
    items: sorted.slice((page - 1) * query.size, page * query.size),
    total: sorted.length,
    page,
    truncated: Boolean(cursor),
  };
}

/** Every group of the school matching a search, by name (the console's group pickers page them in memory). */
export async function allGroups(deps: Pick<Deps, "groups">, principal: Principal, search?: string) {
  const groups = await allPages((cursor) => listGroups(deps, principal, { search, limit: 100, cursor }));
  return groups.sort((a, b) => a.name.localeCompare(b.name, "en-GB", { numeric: true }));
}

export type UnclaimedState = {
  q?: string;
  group?: string;
  sort: UnclaimedSort;
  dir: "asc" | "desc";
  page: number;
  size: number;
};

/**
 * What the unclaimed users screen shows: one sorted page, and the groups for the filter when this person may read
 * groups. `revealed`: the password a Show just revealed (the POST's answer only).
 */
export async function unclaimedScreen(
  deps: Parameters<typeof listUnclaimedUsers>[0],
  principal: Principal,
  query: {
    q?: string;
    group?: string;
    sort?: UnclaimedSort;
    dir?: "asc" | "desc";
    page?: number;
    size?: number;
  },
) {
  const state: UnclaimedState = {
    q: query.q || undefined,
    group: query.group || undefined,
    sort: query.sort ?? "name",
    dir: query.dir ?? "asc",
    page: query.page ?? 1,
    size: query.size ?? 25,
  };
  const list = await unclaimedPage(deps, principal, {
    search: state.q,
    groupId: state.group,
    sort: state.sort,
    dir: state.dir,
    page: state.page,
    size: state.size,
  });
  const groups = can(principal, "groups:read") ? await allGroups(deps, principal) : undefined;
  return {
    state: { ...state, page: list.page },
    rows: list.items,
    total: list.total,
    truncated: list.truncated,
    groups,
    mayReveal: principal.kind === "user" && can(principal, "passwords:reveal"),
  };
}

/** A group picker's data: the groups matching its search, and those of the selection that exist (in its order). */
export async function pickerGroups(
  deps: Pick<Deps, "groups">,
  principal: Principal,
  search: string | undefined,
  selectedIds: readonly string[],
) {
  const all = await allGroups(deps, principal);
  const matching = search ? await allGroups(deps, principal, search) : all;
  const byId = new Map(all.map((g) => [g.groupId, g]));
  const selected = selectedIds.flatMap((id) => byId.get(id) ?? []);
  return { matching, selected };
}
