import type { PinCodeHolder } from "../../domain/model.js";
import { type Html, html } from "../html.js";
import type { FieldProblems } from "./preferences.js";
import { csrfField, doneMessage, flash, localTime, postButton } from "./ui.js";

/**
 * A user's PIN code (IndySoft's Profile Manager → User/Location Settings → PIN code, and "Email Pin Code"): whether
 * they hold one, assigning (or regenerating) it with the email that carries it — to the user or a colleague —, and
 * revoking it. The code itself is never shown: it exists only hashed and sealed in the queued email.
 */

export const pinCodeDone: Record<string, string> = {
  assigned:
    "A new PIN code was assigned and emailed. Any earlier code of this user no longer works. The email's delivery shows under Audit and emails.",
  revoked: "The PIN code was revoked: it no longer works. Users who signed up with it keep their accounts.",
};

export type PinCodeUser = {
  userId: string;
  forename: string;
  surname: string;
  username: string;
  email?: string;
  emailVerified?: boolean;
  status: string;
  pinCode?: PinCodeHolder;
};

/** The last email that carried the user's PIN code, and where its delivery stands (never its content). */
export type LastPinCodeEmail = { to: string; at: string; status: "queued" | "deferred" | "sent" | "failed" };

const deliveryLabels: Record<LastPinCodeEmail["status"], { label: string; badge: string }> = {
  queued: { label: "Queued", badge: "pending" },
  deferred: { label: "Deferred, will be retried", badge: "pending" },
  sent: { label: "Sent", badge: "good" },
  failed: { label: "Failed", badge: "bad" },
};

/** The PIN code page of one user. `assignedBy`: the name of who assigned the code (not an id). */
export function pinCodePage(input: {
  user: PinCodeUser;
  assignedBy?: string;
  lastEmail?: LastPinCodeEmail;
  /** The school's login option: "off" means no code can be used yet, whatever is assigned. */
  pinCodeLogin?: "off" | "all_clients" | "web_only";
  csrf: string;
  timeZone: string;
  done?: string;
  problems?: FieldProblems;
  typed?: { recipient?: string; to?: string };
}): Html {
  const u = input.user;
  const p = input.problems ?? {};
  const base = `/console/users/${u.userId}/pin-code`;
  const ownEmail = u.email && u.emailVerified ? u.email : undefined;
  const recipient = input.typed?.recipient ?? (ownEmail ? "user" : "other");
  const holds = Boolean(u.pinCode);
  const state = u.pinCode
    ? html`<p class="pin-state"><span class="badge good">Holds a PIN code</span> Assigned ${localTime(u.pinCode.assignedAt, input.timeZone)}${
        input.assignedBy ? ` by ${input.assignedBy}` : ""
      }. They can sign up new users in their likeness with it.</p>`
    : html`<p class="pin-state"><span class="badge">No PIN code</span> They cannot sign up new users.</p>`;
  const last = input.lastEmail;
  const emailed =
    holds && last
      ? html`<p class="pin-state">Last emailed to ${last.to}, ${localTime(last.at, input.timeZone)}: <span class="badge ${deliveryLabels[last.status].badge}">${deliveryLabels[last.status].label}</span></p>`
      : html``;
  const loginOff =
    input.pinCodeLogin === "off"
      ? html`<div class="warn" role="status"><p>PIN-code sign-up is off at this school: a code works only once a site admin chooses "All clients" or "Web only" under <a href="/console/preferences">School preferences</a> → Login options.</p></div>`
      : html``;
  const messages = Object.values(p).flat();
  const assign =
    u.status !== "active"
      ? html`<p>This user is disabled: a disabled user cannot hold a PIN code.</p>`
      : html`<h2>${holds ? "Regenerate and email the PIN code" : "Assign a PIN code and email it"}</h2><p class="hint">A random code is drawn and emailed with the PINCODE_EMAIL_BODY layout. It is never shown here; to send it again, regenerate it (the old one stops working).</p>${
          messages.length > 0 &&
          html`<div class="error" role="alert">${messages.map((m) => html`<p>${m}</p>`)}</div>`
        }<form method="post" action="${base}" class="pin-code">${csrfField(input.csrf)}<fieldset><legend>Send it to</legend>${
          ownEmail
            ? html`<label><input type="radio" name="recipient" value="user"${recipient === "user" ? " checked" : ""}> The user's own email, ${ownEmail}</label>`
            : html`<p class="hint">The user has no verified email address: send it to a colleague.</p>`
        }<label><input type="radio" name="recipient" value="other"${recipient === "other" ? " checked" : ""}> Another address (a colleague's verified email in this school)</label>
<label class="field" for="pin-to">Other address</label><input id="pin-to" name="to" type="email" value="${input.typed?.to ?? ""}" maxlength="254" autocomplete="off"${
          p.to?.length ? html` aria-invalid="true"` : ""
        }></fieldset>
<label for="pin-password">Your password</label><p class="hint" id="pin-password-hint">To confirm: a PIN code lets its holder create users.</p><input id="pin-password" name="password" type="password" autocomplete="current-password" required aria-describedby="pin-password-hint"${
          p.password?.length ? html` aria-invalid="true"` : ""
        }>
<button type="submit">${holds ? "Regenerate and email" : "Assign and email"}</button></form>`;
  const revoke = holds
    ? html`<h2>Revoke</h2><p>The code stops working at once; users who signed up with it keep their accounts.</p>${postButton(
        {
          action: `${base}/revoke`,
          label: "Revoke PIN code",
          csrf: input.csrf,
          variant: "danger",
        },
      )}`
    : html``;
  return html`${flash(doneMessage(pinCodeDone, input.done))}<p><a href="/console/users/${u.userId}">Back to ${u.forename} ${u.surname}</a></p><dl><dt>User</dt><dd>${u.forename} ${u.surname} (${u.username})</dd><dt>Email</dt><dd>${
    u.email ? `${u.email}${u.emailVerified ? "" : " (not verified)"}` : "None"
  }</dd></dl>${state}${emailed}${loginOff}${assign}${revoke}`;
}
