import { type Html, html, problems } from "./html.js";

/** What the sign-up form shows again after a refusal (never the PIN code). */
export type SignUpFormValues = { email?: string; username?: string; forename?: string; surname?: string };

/** The hosted PIN-code sign-up page (content only; `functions/middleware/page-function.ts` wraps it). */
export const signUpPages = {
  form(
    tenantId: string,
    csrf: string,
    values: SignUpFormValues = {},
    messages: readonly string[] = [],
  ): Html {
    return html`${problems(messages)}
<p>Have a PIN code? Enter it with the new user's email address and a username. The new user gets an email with a
temporary password and chooses their own password when they first sign in.</p>
<form method="post" action="/sign-up">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="tenant" value="${tenantId}">
<label for="pinCode">PIN code</label>
<input id="pinCode" name="pinCode" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="64" placeholder="XXXXX-XXXXX-XXXXX">
<label for="email">New user's email</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${values.email ?? ""}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required minlength="2" maxlength="128" value="${values.username ?? ""}">
<label for="forename">First name <span class="hint">(optional)</span></label>
<input id="forename" name="forename" autocomplete="given-name" maxlength="100" value="${values.forename ?? ""}">
<label for="surname">Last name <span class="hint">(optional)</span></label>
<input id="surname" name="surname" autocomplete="family-name" maxlength="100" value="${values.surname ?? ""}">
<button type="submit">Create the user</button>
</form>`;
  },

  done(username: string, email: string): Html {
    return html`<div class="ok"><p>The user <b>${username}</b> was created.</p></div>
<p>We have sent a temporary password to <b>${email}</b>. Sign in with it; you will then choose your own password.</p>`;
  },
};
