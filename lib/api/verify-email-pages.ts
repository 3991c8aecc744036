import { verifyLinkPolicy } from "../domain/email-verification.js";
import { type Html, html, problems } from "./html.js";

/**
 * The hosted pages of email verification. Opening the link shows a button and changes nothing: mail scanners that
 * fetch every link in an email must not confirm an address on the owner's behalf.
 */
export const verifyEmailPages = {
  confirmForm(token: string, username: string, email: string): Html {
    return html`<p>Confirm that <b>${email}</b> is the email address of the account <b>${username}</b>.</p>
<p class="hint">Once it is confirmed, password reset links for this account can be sent to it.</p>
<form method="post" action="/verify-email">
<input type="hidden" name="token" value="${token}">
<button type="submit">Confirm my email address</button>
</form>`;
  },

  confirmed(username: string, email: string): Html {
    return html`<div class="ok"><p><b>${email}</b> is now confirmed as the email address of <b>${username}</b>.</p></div>
<p>You can close this page.</p>`;
  },

  linkUnusable(message: string): Html {
    return html`${problems([message])}<p class="hint">Confirmation links work once, for ${verifyLinkPolicy.validHours}
hours, and a newer link replaces an older one. Your school's administrator can send you a new one.</p>`;
  },
};
