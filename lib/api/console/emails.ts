import type { ApiKeySummary } from "../../app/api-keys/api-keys.js";
import { maxApiKeysPerTenant } from "../../domain/api-key.js";
import type { LayoutId } from "../../domain/email-layout.js";
import { type EmailDelivery, type EmailStatus, emailStatuses } from "../../ports/mailer.js";
import { type Html, html, problems } from "../html.js";
import { csrfField, doneMessage, flash, localTime, withQuery } from "./ui.js";

/** Which email it was, as a school reads it (the layout it used). */
const emailKinds: Record<LayoutId, string> = {
  PINCODE_EMAIL_BODY: "PIN code",
  PASSWORD_EMAIL_NEW: "New account: temporary password",
  PASSWORD_EMAIL_CHANGE: "Password reset link",
  PASSWORD_CHANGED_NOTICE: "Password changed notice",
  SSO_PIN_RESET_NOTICE: "SSO PIN reset notice",
  EMAIL_VERIFICATION: "Email address verification",
  AUTHENTICATOR_RESET_NOTICE: "Authenticator reset notice",
};

const statusText: Record<EmailStatus, { label: string; badge: string; meaning: string }> = {
  queued: { label: "Queued", badge: "pending", meaning: "waiting to be sent" },
  deferred: {
    label: "Deferred",
    badge: "pending",
    meaning: "held back for now (sending limits); it will be retried",
  },
  sent: { label: "Sent", badge: "good", meaning: "handed to the mail service for delivery" },
  failed: { label: "Failed", badge: "bad", meaning: "could not be sent, after retries" },
};

/** Email delivery: one row per email (kind, recipient, status, times, why it failed); never its content. */
export function emailsPage(input: {
  items: readonly EmailDelivery[];
  status?: EmailStatus;
  size: number;
  cursor?: string;
  next?: string;
  timeZone: string;
}): Html {
  const path = "/console/emails";
  const keep = { status: input.status, size: input.size };
  const rows = input.items.map((e) => {
    const s = statusText[e.status];
    return html`<tr><td>${localTime(e.createdAt, input.timeZone)}</td><td>${emailKinds[e.layoutId] ?? e.layoutId}</td><td>${
      e.to
    }</td><td><span class="badge ${s.badge}">${s.label}</span></td><td>${localTime(e.sentAt, input.timeZone)}</td><td>${
      e.reason ?? ""
    }</td></tr>`;
  });
  return html`<p>Every email Latchkey sent or will send for the school, newest first, with its delivery status. The content of an email (a password, a link) is never shown here.</p>
<dl class="statuses">${emailStatuses.map((st) => html`<dt><span class="badge ${statusText[st].badge}">${statusText[st].label}</span></dt><dd>${statusText[st].meaning}</dd>`)}</dl>
<form method="get" action="${path}" class="toolbar" aria-label="Filter emails">
<div><label for="status">Status</label><select id="status" name="status"><option value="">Any status</option>${emailStatuses.map(
    (st) =>
      html`<option value="${st}"${input.status === st ? " selected" : ""}>${statusText[st].label}</option>`,
  )}</select></div>
<div><label for="size">Per page</label><select id="size" name="size">${[25, 50, 100].map(
    (n) => html`<option value="${n}"${n === input.size ? " selected" : ""}>${n}</option>`,
  )}</select></div>
<button type="submit">Filter</button> <a href="${path}">Clear filters</a></form>
<table><caption class="hint">Emails${input.status ? ` with status ${statusText[input.status].label}` : ""}; times in the school's time zone (${input.timeZone})</caption>
<thead><tr><th scope="col">Queued</th><th scope="col">Email</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Sent</th><th scope="col">Why not sent</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="6">No emails${input.status ? " with this status" : " yet"}.</td></tr>`}</tbody></table>
<nav class="pager" aria-label="Pages">${input.cursor ? html`<a href="${withQuery(path, keep)}">First page</a>` : ""}${
    input.next
      ? html`<a href="${withQuery(path, { ...keep, cursor: input.next })}" rel="next">Next page (older)</a>`
      : html`<span>No older emails.</span>`
  }</nav>`;
}

/** What the API keys screen says after a POST-redirect-GET (`?done=<code>`). */
export const apiKeysDone = { revoked: "The key has been revoked: it stops working at once." } as const;

/**
 * API keys: the create form, the key just created (only on the POST's answer, shown once), and the list with
 * Revoke (a confirmation box first). Never a key or its hash in the list.
 */
export function apiKeysPage(input: {
  csrf: string;
  keys: readonly ApiKeySummary[];
  timeZone: string;
  /** The name of a key's creator (`nameActors`). */
  creator: (actor: string) => string;
  created?: { name: string; apiKey: string };
  done?: keyof typeof apiKeysDone;
  problems?: readonly string[];
}): Html {
  const created =
    input.created &&
    html`<div class="ok" role="status"><p>The key <strong>${input.created.name}</strong> has been created. Copy it now into the system that uses it: <strong>it is shown this once</strong> and cannot be shown again.</p>
<label for="new-key">The new API key</label><code class="key" id="new-key" tabindex="0">${input.created.apiKey}</code></div>`;
  const rows = input.keys.map(
    (k) =>
      html`<tr><th scope="row">${k.name}</th><td>${localTime(k.createdAt, input.timeZone)}</td><td>${
        k.createdBy ? input.creator(k.createdBy) : ""
      }</td><td>${k.lastUsedAt ? localTime(k.lastUsedAt, input.timeZone) : "never"}</td><td>${
        k.expiresAt ? localTime(k.expiresAt, input.timeZone) : "until revoked"
      }</td><td><form method="post" action="/console/api-keys/revoke" class="inline">${csrfField(input.csrf)}<input type="hidden" name="keyId" value="${k.keyId}"><input type="checkbox" id="revoke-${k.keyId}" name="confirm" value="yes" required><label for="revoke-${k.keyId}" class="inline">Yes, revoke ${k.name}</label> <button type="submit" class="danger" aria-label="Revoke ${k.name}">Revoke</button></form></td></tr>`,
  );
  return html`${created}${flash(doneMessage(apiKeysDone, input.done))}${problems(input.problems ?? [])}
<p>API keys let the school's other systems (such as the MIS sync) use Latchkey. Only a signed-in site admin manages them; a key can never make or revoke keys. At most ${maxApiKeysPerTenant} keys.</p>
<h2>Create a key</h2>
<form method="post" action="/console/api-keys">${csrfField(input.csrf)}
<label for="key-name">Name</label><input id="key-name" name="name" maxlength="100" required aria-describedby="key-name-hint">
<p class="hint" id="key-name-hint">Say what uses it, e.g. "MIS sync". The key is shown once, on the next page.</p>
<label for="key-password">Your password, to confirm</label><input id="key-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Create key</button></form>
<h2>Keys in use</h2>
<table><thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Revoke</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="6">No keys.</td></tr>`}</tbody></table>`;
}
