import { type Html, html, problems } from "./html.js";

/** A device as the security keys page lists it (never its secret). */
export type DeviceRow = { deviceId: string; name: string; createdAt: string; lastUsedAt?: string };

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
const day = (iso: string) => iso.slice(0, 10);

/**
 * The pages of the authenticator app (CPOMS's Account settings → Security keys) and of the sign-in's code step:
 * content only (the page shell adds the school's name and the header). Every form carries the CSRF token.
 */
export const securityPages = {
  /** The list of devices, the "Add new device" button, and recovery codes. */
  keys(devices: readonly DeviceRow[], csrf: string, messages: readonly string[] = []): Html {
    const rows = devices.map(
      (
        d,
      ) => html`<tr><td>${d.name}</td><td>${day(d.createdAt)}</td><td>${d.lastUsedAt ? day(d.lastUsedAt) : "never"}</td>
<td><form method="post" action="/security-keys/remove">${hidden("csrf", csrf)}${hidden("deviceId", d.deviceId)}
<label for="code-${d.deviceId}">Current code</label><input id="code-${d.deviceId}" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">Remove</button></form></td></tr>`,
    );
    return html`${problems(messages)}<h2>Authenticator app</h2>
${
  devices.length === 0
    ? html`<p>No device yet. Until you add one, accounts that need two factors have basic access only.</p>`
    : html`<table><thead><tr><th>Device</th><th>Added</th><th>Last used</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
}
<form method="post" action="/security-keys/add">${hidden("csrf", csrf)}<button type="submit">Add new device</button></form>
<h2>Recovery codes</h2>
<p class="hint">If you lose your device, a recovery code signs you in once. Making new codes voids the old ones.</p>
<form method="post" action="/security-keys/recovery-codes">${hidden("csrf", csrf)}
<label for="rc-code">Current code</label><input id="rc-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">Make new recovery codes</button></form>`;
  },

  /** Step 2 of adding a device: scan the QR code, name the device, type the current code, save. */
  addDevice(
    device: { deviceId: string; qrSvg: Html; otpauthUri: string },
    csrf: string,
    messages: readonly string[] = [],
  ): Html {
    const secret = new URL(device.otpauthUri).searchParams.get("secret") ?? "";
    return html`${problems(messages)}<p>Scan this QR code with your authenticator app.</p>
<figure class="qr" aria-label="QR code for your authenticator app">${device.qrSvg}</figure>
<p class="hint">Cannot scan? Enter this key in the app: <code>${secret.replace(/(.{4})/g, "$1 ").trim()}</code></p>
<form method="post" action="/security-keys/confirm">${hidden("csrf", csrf)}${hidden("deviceId", device.deviceId)}
<label for="name">Name of the device</label><input id="name" name="name" required maxlength="40" placeholder="My phone">
<label for="code">The 6-digit code the app shows now</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">Save this device</button></form>`;
  },

  /** Recovery codes, shown once. */
  recoveryCodes(codes: readonly string[]): Html {
    return html`<div class="ok"><p>Your recovery codes. They are shown only now: print them or keep them somewhere
safe. Each works once.</p></div><ol class="codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<p><a href="/security-keys">Back to security keys</a></p>`;
  },

  /** The sign-in's second step: a code from the app, or a recovery code. */
  codeStep(csrf: string, messages: readonly string[] = [], tenantId?: string): Html {
    const tenant = tenantId ? hidden("tenant", tenantId) : html``;
    return html`${problems(messages)}<p>Open your authenticator app and type the code it shows for Latchkey.</p>
<form method="post" action="/sign-in/code">${hidden("csrf", csrf)}${tenant}
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">Sign in</button></form>
<details><summary>Lost your device?</summary>
<form method="post" action="/sign-in/code">${hidden("csrf", csrf)}${tenant}
<label for="recoveryCode">Recovery code</label><input id="recoveryCode" name="recoveryCode" autocomplete="off" maxlength="40" required>
<button type="submit">Use a recovery code</button></form>
<p class="hint">No recovery code either? Your school's administrator can reset your authenticator.</p></details>`;
  },

  /** The school switcher of a Latchkey ID session: a drop-down of the person's schools (no script needed). */
  switcher(schools: readonly { tenantId: string; name: string; current: boolean }[], csrf: string): Html {
    if (schools.length < 2) return html``;
    const options = schools.map(
      (s) => html`<option value="${s.tenantId}"${s.current ? html` selected` : html``}>${s.name}</option>`,
    );
    return html`<form method="post" action="/switch-school" class="switcher">${hidden("csrf", csrf)}
<label for="school">School</label><select id="school" name="tenantId">${options}</select>
<button type="submit">Switch</button></form>`;
  },
};
