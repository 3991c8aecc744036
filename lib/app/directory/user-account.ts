import type { Group, User, UserType } from "../../domain/model.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { isSsoAccount } from "../sso-pins/sso-pins.js";
import { getUser } from "./get-user.js";
import { listUsers } from "./list-users.js";

/** A user's SSO PIN as the console shows it: no SSO account, none set yet, set, or a reset waiting for them. */
export type SsoPinState = "not-sso" | "not-set" | "set" | "reset-pending";

/**
 * One user for the console's user page (Bromcom's User Account): the user (`getUser`: `users:read`), their groups by
 * name, and their SSO PIN state (never the PIN).
 */
export async function userAccount(
  deps: Pick<Deps, "users" | "groups" | "ssoPins">,
  principal: Principal,
  userId: string,
) {
  const user = await getUser(deps, principal, userId);
  const [pin, groups] = await Promise.all([
    deps.ssoPins.get(principal.tenantId, userId),
    Promise.all(user.memberOf.slice(0, 50).map((g) => deps.groups.get(principal.tenantId, g))),
  ]);
  const ssoPin: SsoPinState = !isSsoAccount(user)
    ? "not-sso"
    : pin?.state === "active"
      ? "set"
      : pin?.state === "reset_pending"
        ? "reset-pending"
        : "not-set";
  return {
    user,
    groups: groups.filter((g): g is Group => g !== undefined).map((g) => g.name),
    ssoPin,
    ...(pin?.resetAt && { ssoPinResetAt: pin.resetAt }),
  };
}

/** Users the console's list reads at most (then it says the list is cut short and asks for a search). */
export const userListCap = 2000;

/**
 * The console's list of user accounts (Bromcom's System Users): the school's users by surname, a search over names
 * and usernames, a user-type and a status filter (active accounts unless asked), sliced into numbered pages.
 */
export async function findUsers(
  deps: Pick<Deps, "users">,
  principal: Principal,
  query: { search?: string; userType?: UserType; status: "active" | "disabled" | "all" },
): Promise<{ users: User[]; cut: boolean }> {
  const found: User[] = [];
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await listUsers(deps, principal, { search: query.search, limit: 200, cursor });
    read += page.items.length;
    found.push(
      ...page.items.filter(
        (u) =>
          (!query.userType || u.userType === query.userType) &&
          (query.status === "all" || u.status === query.status),
      ),
    );
    cursor = page.cursor;
  } while (cursor && read < userListCap);
  return { users: found, cut: cursor !== undefined };
}
