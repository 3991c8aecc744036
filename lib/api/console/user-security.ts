import type { UserSecurity } from "../../app/identities/user-security.js";
import { type Html, html, problems } from "../html.js";
import { csrfField, doneMessage, flash, localTime } from "./ui.js";

/** What the user's security screen says after a POST-redirect-GET (`?done=<code>`). */
export const userSecurityDone = {
  allowed: "The school now allows this user's Latchkey ID.",
  withdrawn: "The school no longer allows this user's Latchkey ID; their sessions here have ended.",
  reset:
    "The user's authenticator apps and recovery codes were removed; they will add a new app at their next sign-in.",
} as const;
export type UserSecurityDone = keyof typeof userSecurityDone;

/**
 * A user's sign-in security (the missing pages of #8): allow or withdraw their Latchkey ID, and reset their lost
 * authenticators with the admin's own password — each with its rules shown, its controls only for who may use them.
 */
export function userSecurityPage(input: {
  security: UserSecurity;
  csrf: string;
  timeZone: string;
  creator: (actor: string) => string;
  done?: UserSecurityDone;
  problems?: readonly string[];
}): Html {
  const { security: s, csrf } = input;
  const base = `/console/users/${encodeURIComponent(s.user.userId)}/security`;
  const l = s.latchkeyId;
  const latchkeyState = !l.possible
    ? html`<p><span class="badge">Not possible</span> The account has no email address: a Latchkey ID is reached by the account's email.</p>`
    : l.consentedAt
      ? html`<p><span class="badge good">Allowed</span> since ${localTime(l.consentedAt, input.timeZone)}${
          l.consentedBy ? ` by ${input.creator(l.consentedBy)}` : ""
        }. ${
          l.active
            ? "The person signs in here with their Latchkey ID now."
            : "It works once the person has proved the email by the link Latchkey sends them."
        }</p>`
      : html`<p><span class="badge">Not allowed</span> The person can sign in here only with this account's own password.</p>`;
  const latchkeyForm =
    s.may.consent && l.possible
      ? html`<form method="post" action="${base}/latchkey-id">${csrfField(csrf)}<input type="hidden" name="consent" value="${
          l.consentedAt ? "withdraw" : "allow"
        }"><button type="submit"${l.consentedAt ? html` class="danger"` : ""}>${
          l.consentedAt ? "Withdraw the Latchkey ID" : "Allow the Latchkey ID"
        }</button></form>`
      : html``;
  const devices = s.devices.length
    ? html`<table><caption class="hint">Authenticator apps (never their keys)</caption><thead><tr><th scope="col">Device</th><th scope="col">Added</th></tr></thead><tbody>${s.devices.map(
        (d) => html`<tr><td>${d.name}</td><td>${localTime(d.activatedAt, input.timeZone)}</td></tr>`,
      )}</tbody></table><p>Recovery codes left: ${s.recoveryCodesLeft}</p>`
    : html`<p>No authenticator app on this account.</p>`;
  const resetForm = s.may.reset
    ? html`<form method="post" action="${base}/reset">${csrfField(csrf)}
<label for="admin-password">Your own password (to confirm)</label>
<input id="admin-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="danger">Reset lost authenticators</button></form>`
    : html``;
  return html`${flash(doneMessage(userSecurityDone, input.done))}${problems(input.problems ?? [])}
<p><strong>${[s.user.forename, s.user.surname].filter(Boolean).join(" ")}</strong> (${s.user.username})${
    s.user.email ? html`, ${s.user.email}${s.user.emailVerified ? " (verified)" : " (not verified)"}` : ""
  }. <a href="/console/users/${s.user.userId}/history">History</a></p>
<h2>Latchkey ID</h2>
<ul class="hint">
<li>A Latchkey ID lets staff who work at several schools sign in everywhere with one email, one password and one authenticator app, and switch school without signing out.</li>
<li>It reaches only accounts whose schools allow it: allow it here for this account, at the person's request. It is their account's email that counts.</li>
<li>Withdrawing it ends the person's sessions here; they can still sign in with this account's own password, if it has one.</li>
</ul>
${latchkeyState}${latchkeyForm}
<h2>Authenticator apps</h2>
<ul class="hint">
<li>Use this when the person has lost the phone with their authenticator app and has no recovery code left.</li>
<li>Every app and recovery code of this account is removed; at their next sign-in they add a new app. They are emailed that it happened.</li>
<li>Confirm with your own password. You cannot reset the apps of someone with more access than you. A Latchkey ID's apps are the person's own: they manage them on their Security keys page.</li>
</ul>
${devices}${resetForm}`;
}
