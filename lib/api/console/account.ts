import { passwordLength } from "../../domain/password-rules.js";
import { type Html, html, problems } from "../html.js";
import { csrfField, doneMessage, flash } from "./ui.js";

/** What the account screens say after a POST-redirect-GET (`?done=<code>`): fixed messages only. */
export const accountDone = {
  password: "Your password has been changed.",
  left: "You have left that school: it is no longer one of your Latchkey ID's schools.",
} as const;
export type AccountDone = keyof typeof accountDone;

/** The rules a new password must meet (`domain/password-rules.ts`), as the form shows them. */
function passwordRules(): Html {
  return html`<ul class="hint" id="password-rules">
<li>At least ${passwordLength.min} and at most ${passwordLength.max} characters; a long phrase of several words is best.</li>
<li>Not a common password, and not your username.</li>
<li>Different from your current password.</li>
</ul>`;
}

/** The renderers of Account settings (CPOMS): change password and your schools. Pure functions of their input. */
export const accountPages = {
  /** Change password: current, new, confirm; a Latchkey ID session changes the Latchkey ID's password. */
  passwordForm(input: { csrf: string; identity?: string; problems?: readonly string[] }): Html {
    return html`${problems(input.problems ?? [])}${
      input.identity
        ? html`<p>You are signed in with your Latchkey ID <strong>${input.identity}</strong>: this changes the one password you use at every school of your Latchkey ID, and signs you out everywhere, so you sign in again with the new one.</p>`
        : html`<p>This changes the password of your account at this school.</p>`
    }
<form method="post" action="/account/password">${csrfField(input.csrf)}
<label for="currentPassword">Current password</label>
<input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required>
<label for="newPassword">New password</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required aria-describedby="password-rules">
${passwordRules()}
<label for="confirmPassword">Confirm new password</label>
<input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>
<button type="submit">Change password</button>
</form>
<p><a href="/account">Back to your account</a></p>`;
  },

  /**
   * Your schools: a Latchkey ID's schools, each with Switch (the header's switch) and Leave (a confirmation box
   * first); a plain account: its one school.
   */
  schools(input: {
    csrf: string;
    done?: AccountDone;
    identity?: string;
    school?: string;
    schools: readonly { tenantId: string; name: string; current: boolean }[];
  }): Html {
    const done = flash(doneMessage(accountDone, input.done));
    if (!input.identity) {
      return html`${done}<p>You are signed in with your account at <strong>${input.school ?? "this school"}</strong>: it is your one school.</p>
<p class="hint">Staff who work at several schools can have a Latchkey ID: one email, one password and one authenticator for all of them. Ask each school's administrator to allow it for your account there.</p>
<p><a href="/account">Back to your account</a></p>`;
    }
    const rows = input.schools.map(
      (s) =>
        html`<tr><th scope="row">${s.name}</th><td>${
          s.current ? html`<span class="badge good">Signed in here</span>` : html``
        }</td><td class="actions">${
          s.current
            ? html``
            : html`<form method="post" action="/switch-school" class="inline">${csrfField(input.csrf)}<input type="hidden" name="tenantId" value="${s.tenantId}"><button type="submit" aria-label="Switch to ${s.name}">Switch</button></form>`
        }<form method="post" action="/account/schools/leave" class="inline leave">${csrfField(input.csrf)}<input type="hidden" name="tenantId" value="${s.tenantId}"><input type="checkbox" id="leave-${s.tenantId}" name="confirm" value="yes" required><label for="leave-${s.tenantId}" class="inline">Yes, leave ${s.name}</label> <button type="submit" class="danger" aria-label="Leave ${s.name}">Leave</button></form></td></tr>`,
    );
    return html`${done}<p>Your Latchkey ID <strong>${input.identity}</strong> signs you in at these schools. Switching takes you to another one without signing in again; leaving one ends your sessions there, and only that school's administrator can allow it again.</p>
<table><caption class="hint">Your schools</caption><thead><tr><th scope="col">School</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead><tbody>${
      rows.length ? rows : html`<tr><td colspan="3">No school now.</td></tr>`
    }</tbody></table>
<p><a href="/account">Back to your account</a></p>`;
  },
};
