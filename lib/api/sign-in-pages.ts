import type { User } from "../domain/model.js";
import { type Html, html, problems } from "./html.js";

/** A school as the pages show it. */
export type School = { tenantId: string; name: string };

/** What the sign-in form shows again after a refusal (never the password). */
export type SignInValues = { username?: string };

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/**
 * The hosted sign-in pages (content only; `functions/middleware/session-page-function.ts` frames them).
 * A school's page offers the Latchkey ID's form through `providerChoice` (`latchkeyIdChoice`: a link, remembered
 * by the sign-in page in a cookie); the second-factor step is `securityPages.codeStep`.
 */
export const signInPages = {
  signInForm(
    school: School,
    csrf: string,
    values: SignInValues = {},
    messages: readonly string[] = [],
    providerChoice?: Html,
  ): Html {
    return html`${problems(messages)}
<form method="post" action="/sign-in">
${csrfField(csrf)}
<input type="hidden" name="tenant" value="${school.tenantId}">
${providerChoice}
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required maxlength="128" value="${values.username ?? ""}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Sign in</button>
</form>
<p><a href="/forgot-password?tenant=${encodeURIComponent(school.tenantId)}">Forgotten your password or signing in for the first time?</a></p>`;
  },

  /**
   * The Latchkey ID's form at a school (CPOMS's "Login using your SSO account"): email and password; the page says
   * "Single sign-on" under the school's name, and links back to the school account's form. Without a school (the
   * plain sign-in page) the person signs in to their first school and picks another from the switcher.
   */
  identitySignInForm(
    school: School | undefined,
    csrf: string,
    values: { email?: string } = {},
    messages: readonly string[] = [],
  ): Html {
    const tenant = school && encodeURIComponent(school.tenantId);
    return html`<p class="hint">Single sign-on with your Latchkey ID: one email and password for all your schools.</p>
${problems(messages)}
<form method="post" action="/sign-in/latchkey-id">
${csrfField(csrf)}
${school && html`<input type="hidden" name="tenant" value="${school.tenantId}">`}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${values.email ?? ""}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Sign in</button>
</form>
${
  tenant &&
  html`<p><a href="/forgot-password?tenant=${tenant}&amp;provider=latchkey-id">Forgotten your password or signing in for the first time?</a></p>
<p><a href="/sign-in?tenant=${tenant}&amp;provider=school">Sign in with your school account instead</a></p>`
}`;
  },

  /** The way to the Latchkey ID's form from the school account's (the browser remembers the choice). */
  latchkeyIdChoice(tenantId: string): Html {
    return html`<p><a href="/sign-in?tenant=${encodeURIComponent(tenantId)}&amp;provider=latchkey-id">Sign in with your Latchkey ID</a> (one sign-in for several schools)</p>`;
  },

  /**
   * No school in the address: a school account needs its school's own sign-in link; a Latchkey ID may sign in here
   * (`csrf` given), to the first of its schools.
   */
  noSchool(csrf?: string): Html {
    return html`${problems(["This sign-in page needs your school. Open the sign-in link your school gave you."])}${
      csrf &&
      html`<h2>Or sign in with your Latchkey ID</h2>${signInPages.identitySignInForm(undefined, csrf)}`
    }`;
  },

  newPasswordForm(csrf: string, tenantId: string | undefined, messages: readonly string[] = []): Html {
    return html`${problems(messages)}
<p>You signed in with a temporary password. Choose your own password to finish signing in.</p>
<form method="post" action="/sign-in/new-password">
${csrfField(csrf)}
${tenantId && html`<input type="hidden" name="tenant" value="${tenantId}">`}
<label for="newPassword">New password</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required maxlength="1024">
<label for="confirmPassword">New password again</label>
<input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required maxlength="1024">
<p class="hint">A few words make a strong password that is easy to remember.</p>
<button type="submit">Set my password</button>
</form>`;
  },

  account(user: User, school: string | undefined, roles: readonly string[], identity?: string): Html {
    const name = [user.forename, user.surname].filter(Boolean).join(" ") || user.username;
    return html`<dl>
<dt>Name</dt><dd>${name}</dd>
<dt>Username</dt><dd>${user.username}</dd>
<dt>School</dt><dd>${school ?? user.tenantId}</dd>
<dt>Roles</dt><dd>${roles.length ? roles.join(", ") : "none"}</dd>
${identity && html`<dt>Latchkey ID</dt><dd>${identity}</dd>`}
</dl>
<h2>Account settings</h2>
<ul>
<li><a href="/account/password">Change password</a>${identity ? " (your Latchkey ID's)" : ""}</li>
<li><a href="/security-keys">Security keys</a> (authenticator app, recovery codes)</li>
<li><a href="/account/schools">Your schools</a>${identity ? " (switch or leave)" : ""}</li>
</ul>`;
  },

  /** Basic access: the roles this session may not use until the person signs in with a code from an authenticator. */
  basicAccess(withheldRoles: readonly string[]): Html {
    if (withheldRoles.length === 0) return html``;
    return html`<div class="error" role="status"><p>You have basic access only: your ${withheldRoles.join(", ")} access
needs two factors at this school. <a href="/security-keys">Add an authenticator app</a>, then sign out and sign in
again with its code.</p></div>`;
  },
};
