import { resetLinkPolicy } from "../domain/password-reset.js";
import { type Html, html, problems } from "./html.js";

/** The hosted pages of the password reset flow (content only; `functions/middleware/page-function.ts` wraps it). */
export const resetPages = {
  forgotForm(tenantId: string, messages: readonly string[] = []): Html {
    return html`${problems(messages)}
<p>Enter your username or the email address of your account. If the account can be reset by email, we will send
it a link to choose a new password.</p>
<form method="post" action="/forgot-password">
<input type="hidden" name="tenant" value="${tenantId}">
<fieldset>
<legend>Your account</legend>
<label><input type="radio" name="provider" value="school" checked> This school's account</label>
<label><input type="radio" name="provider" value="latchkey-id"> Latchkey ID (one sign-in for several schools)</label>
</fieldset>
<label for="login">Username or email</label>
<input id="login" name="login" autocomplete="username" required maxlength="254">
<button type="submit">Email me a link</button>
</form>`;
  },

  forgotDone(): Html {
    return html`<div class="ok"><p>If an account matches, we have sent it an email with a link to choose a new
password. The link works once, for ${resetLinkPolicy.validMinutes} minutes.</p></div>
<p class="hint">No email? Check your spam folder, or ask your school's administrator.</p>`;
  },

  resetForm(token: string, username: string, messages: readonly string[] = []): Html {
    return html`${problems(messages)}
<p>Choose a new password for <b>${username}</b>.</p>
<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${token}">
<input type="hidden" name="username" value="${username}" autocomplete="username">
<label for="newPassword">New password</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
<label for="confirmPassword">New password again</label>
<input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required maxlength="1024">
<p class="hint">At least 8 characters; a few words make a strong password that is easy to remember.</p>
<button type="submit">Set password</button>
</form>`;
  },

  resetDone(username: string): Html {
    return html`<div class="ok"><p>The password of <b>${username}</b> was changed.</p></div>
<p>Sign in with your new password. For your safety, you were signed out everywhere else.</p>`;
  },

  linkUnusable(message: string): Html {
    return html`${problems([message])}<p class="hint">Reset links work once, for ${resetLinkPolicy.validMinutes}
minutes, and a newer link replaces an older one.</p>`;
  },
};
