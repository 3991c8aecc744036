import type { User } from "../../domain/model.js";
import { type Html, html } from "../html.js";
import { csrfField, flash, localTime } from "./ui.js";

const findPath = "/console/password-tools/reset";

/** Find the user whose password to reset: a search, then the matching users, each with "Reset password". */
export function resetFindPage(input: {
  q?: string;
  users: readonly User[] | undefined;
  more: boolean;
}): Html {
  const rows = (input.users ?? []).map(
    (u) =>
      html`<tr><th scope="row">${u.surname}, ${u.forename}</th><td>${u.username}</td><td>${u.userType}</td><td>${
        u.claimedAt ? "Own password" : "Not yet claimed"
      }</td><td><a href="/console/users/${u.userId}/password" aria-label="Reset password of ${u.forename} ${u.surname}">Reset password</a></td></tr>`,
  );
  return html`<form method="get" action="${findPath}" class="toolbar" role="search"><div><label for="search">Name or username</label><input id="search" name="q" type="search" value="${
    input.q ?? ""
  }" required></div><button type="submit">Find</button></form>${
    input.users === undefined
      ? html`<p class="hint">Search for the person by name or username.</p>`
      : rows.length === 0
        ? html`<p>Nobody matches “${input.q ?? ""}”.</p>`
        : html`<table><thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Type</th><th scope="col">Password</th><th scope="col">Action</th></tr></thead><tbody>${rows}</tbody></table>${
            input.more ? html`<p class="hint">More people match: refine the search.</p>` : ""
          }`
  }`;
}

/** Reset one user's password: who, what happens, and the admin's own password. */
export function userPasswordForm(input: { user: User; csrf: string; error?: string }): Html {
  const { user } = input;
  return html`${flash(input.error, "error")}<dl><dt>Name</dt><dd>${user.forename} ${user.surname}</dd><dt>Username</dt><dd>${
    user.username
  }</dd></dl><div class="warn"><p>They get a new temporary password, shown to you once on the next page. Their current password stops working and they are signed out everywhere${
    user.email ? "; they are told by email" : ""
  }.</p></div><form method="post" action="/console/users/${user.userId}/password">${csrfField(
    input.csrf,
  )}<label for="own-password">Your password, to confirm</label><input id="own-password" name="password" type="password" autocomplete="current-password" required><div class="actions"><button type="submit">Reset the password</button><a href="${findPath}">Cancel</a></div></form>`;
}

/** The new temporary password, shown once (this page answers the POST and is never cached). */
export function newPasswordShown(input: {
  user: Pick<User, "forename" | "surname" | "username">;
  password: string;
  expiresAt: string;
  timeZone: string;
}): Html {
  return html`${flash("The password was reset. It is shown here once: write it down or give it to them now.")}<dl><dt>Name</dt><dd>${
    input.user.forename
  } ${input.user.surname}</dd><dt>Username</dt><dd>${input.user.username}</dd><dt>Temporary password</dt><dd><code class="secret" id="new-password">${
    input.password
  }</code></dd><dt>Works until</dt><dd>${localTime(input.expiresAt, input.timeZone)}</dd></dl><p class="hint">They choose their own password when they first sign in with it.</p><p><a href="${findPath}">Reset another password</a></p>`;
}
