import type { SsoPinState } from "../../app/directory/user-account.js";
import { type User, userTypes } from "../../domain/model.js";
import { can, mayActOnCredentialsOf, type Principal } from "../../domain/permissions.js";
import { type Html, html } from "../html.js";
import { csrfField, doneMessage, flash, localTime, pager, slicePage, withQuery } from "./ui.js";

/** The System users (Bromcom) screens: the list of user accounts and one user's page. Pure renderers. */

type UserPrincipal = Extract<Principal, { kind: "user" }>;

export type UserListQuery = {
  q?: string;
  type?: string;
  status: "active" | "disabled" | "all";
  page: number;
  size: number;
};

const typeLabels: Record<string, string> = {
  staff: "Staff",
  student: "Pupil",
  parent: "Parent",
  other: "Other",
};
const statusBadge: Record<User["status"], Html> = {
  active: html`<span class="badge good">Active</span>`,
  disabled: html`<span class="badge bad">Disabled</span>`,
  left: html`<span class="badge">Left</span>`,
};

/** `/console/users`: search, filters (GET: works without script), the table and the pager. */
export function usersPage(input: { users: readonly User[]; query: UserListQuery; cut: boolean }): Html {
  const { query } = input;
  const keep = { q: query.q, type: query.type, status: query.status === "active" ? undefined : query.status };
  const rows = slicePage(input.users, query.page, query.size).map(
    (u) =>
      html`<tr><th scope="row"><a href="/console/users/${encodeURIComponent(u.userId)}">${u.surname}, ${u.forename}</a></th><td>${u.username}</td><td>${typeLabels[u.userType] ?? u.userType}</td><td>${u.roles.join(", ")}</td><td>${u.email ?? ""}</td><td>${statusBadge[u.status]}</td></tr>`,
  );
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}"${value === (current ?? "") ? " selected" : ""}>${label}</option>`;
  return html`<form method="get" action="/console/users" class="toolbar" role="search"><div><label for="search">Search names and usernames</label><input id="search" name="q" type="search" value="${query.q ?? ""}"></div><div><label for="type">User type</label><select id="type" name="type">${option("", "All types", query.type)}${userTypes.map((t) => option(t, typeLabels[t] ?? t, query.type))}</select></div><div><label for="status">Accounts</label><select id="status" name="status">${option("active", "Active", query.status)}${option("disabled", "Disabled", query.status)}${option("all", "All", query.status)}</select></div><input type="hidden" name="size" value="${query.size}"><button type="submit">Search</button></form>${
    input.cut ? flash("Only the first accounts are listed: search to narrow the list.", "warn") : ""
  }${
    input.users.length === 0
      ? html`<p>No user accounts match.</p>`
      : html`<table><caption>User accounts</caption><thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Type</th><th scope="col">Roles</th><th scope="col">Email</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>`
  }${pager({ path: "/console/users", query: keep, page: query.page, size: query.size, total: input.users.length })}`;
}

/** What the signed-in person may do to this user (each also enforced by its use case). */
export type UserAbilities = {
  resetSsoPin: boolean;
  signOut: boolean;
  disable: boolean;
  password: boolean;
  pinCode: boolean;
  history: boolean;
  security: boolean;
};

/** What `principal` may do to `user` here: the action's permission, and never over more privilege (or oneself). */
export function userAbilities(principal: UserPrincipal, user: Pick<User, "userId" | "roles">): UserAbilities {
  const over = mayActOnCredentialsOf(principal, user);
  const other = principal.userId !== user.userId;
  return {
    resetSsoPin: can(principal, "pins:reset-sso") && over,
    signOut: can(principal, "sessions:revoke") && over,
    disable: can(principal, "users:disable") && over && other,
    password: can(principal, "passwords:generate") && over,
    pinCode: can(principal, "users:pin-codes"),
    history: can(principal, "audit:read"),
    security: (can(principal, "authenticators:reset") || can(principal, "identities:consent")) && over,
  };
}

/** The fixed messages of the user page's `?done=`. */
export const userDone: Record<string, string> = {
  "sso-pin-reset":
    "The SSO PIN reset has started. The user must sign out completely and sign in again with single sign-on, where they will create a new six-digit PIN.",
  "signed-out": "The user has been signed out everywhere: every session of theirs has ended.",
  disabled:
    "The account is disabled: the user can no longer sign in, and any session of theirs has stopped working.",
  enabled: "The account is enabled again: the user can sign in.",
};

const ssoPinText: Record<SsoPinState, Html> = {
  "not-sso": html`<span class="badge">No SSO account</span> <span class="hint">(an SSO PIN needs an email address registered as an SSO account)</span>`,
  "not-set": html`<span class="badge pending">Not set</span>`,
  set: html`<span class="badge good">Set</span>`,
  "reset-pending": html`<span class="badge pending">Reset pending</span> <span class="hint">(the user creates a new PIN at their next SSO sign-in)</span>`,
};

/** `/console/users/{userId}`: the actions at the top (as in Bromcom), then the details and links. */
export function userPage(input: {
  user: User;
  groups: readonly string[];
  ssoPin: SsoPinState;
  ssoPinResetAt?: string;
  may: UserAbilities;
  csrf: string;
  timeZone: string;
  done?: string;
  problem?: string;
}): Html {
  const { user, may, csrf } = input;
  const base = `/console/users/${encodeURIComponent(user.userId)}`;
  const resetSso =
    may.resetSsoPin && input.ssoPin !== "not-sso"
      ? html`<form method="post" action="${base}/sso-pin/reset" class="toolbar sso-reset">${csrfField(csrf)}<div><label for="password">Your password, to confirm</label><input id="password" name="password" type="password" autocomplete="current-password" required></div><button type="submit">Reset SSO PIN</button></form>`
      : html``;
  const buttons = [
    may.signOut
      ? html`<form method="post" action="${base}/sign-out" class="inline">${csrfField(csrf)}<button type="submit" class="secondary">Sign out everywhere</button></form>`
      : html``,
    may.disable && user.status === "active"
      ? html`<form method="post" action="${base}/disable" class="inline">${csrfField(csrf)}<button type="submit" class="danger">Disable account</button></form>`
      : html``,
    may.disable && user.status === "disabled"
      ? html`<form method="post" action="${base}/enable" class="inline">${csrfField(csrf)}<button type="submit">Enable account</button></form>`
      : html``,
  ];
  const links = [
    may.password ? html`<li><a href="${base}/password">Reset password</a></li>` : html``,
    may.pinCode ? html`<li><a href="${base}/pin-code">PIN code</a></li>` : html``,
    may.history ? html`<li><a href="${base}/history">History</a></li>` : html``,
    may.security ? html`<li><a href="${base}/security">Latchkey ID and authenticators</a></li>` : html``,
  ];
  return html`${flash(doneMessage(userDone, input.done))}${flash(input.problem, "error")}${resetSso}<div class="actions">${buttons}</div><h2>Account</h2><dl><dt>Username</dt><dd>${user.username}</dd><dt>Type</dt><dd>${typeLabels[user.userType] ?? user.userType}</dd><dt>Roles</dt><dd>${user.roles.join(", ") || "None"}</dd><dt>Email</dt><dd>${user.email ? `${user.email}${user.emailVerified ? " (verified)" : " (not verified)"}` : "None"}</dd><dt>Status</dt><dd>${statusBadge[user.status]}</dd><dt>SSO PIN</dt><dd>${ssoPinText[input.ssoPin]}${
    input.ssoPin === "reset-pending" && input.ssoPinResetAt
      ? html` <span class="hint">since ${localTime(input.ssoPinResetAt, input.timeZone)}</span>`
      : ""
  }</dd><dt>Groups</dt><dd>${input.groups.join(", ") || "None"}</dd><dt>Password</dt><dd>${user.claimedAt ? `Set by the user on ${localTime(user.claimedAt, input.timeZone)}` : "Not set by the user yet"}</dd></dl>${
    links.some((l) => l.value !== "") ? html`<h2>More</h2><ul>${links}</ul>` : ""
  }<p><a href="${withQuery("/console/users", {})}">Back to user accounts</a></p>`;
}
