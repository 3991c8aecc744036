import { type Html, html, problems } from "./html.js";
import { signInPages } from "./sign-in-pages.js";

/** A device as the security keys page lists it (never its secret). */
export type DeviceRow = { deviceId: string; name: string; activatedAt: string };

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
const day = (iso: string) => iso.slice(0, 10);
const codeInput = (id: string) =>
  html`<input id="${id}" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>`;

/**
 * The pages of the authenticator app (CPOMS's Account settings → Security keys) and of the sign-in's code step:
 * content only (the page shell adds the school's name and the header). Every form carries the CSRF token.
 */
export const securityPages = {
  /** The list of devices, the "Add new device" button, and recovery codes. */
  keys(
    devices: readonly DeviceRow[],
    csrf: string,
    options: {
      messages?: readonly string[];
      notice?: Html;
      recoveryCodesLeft?: number;
      canAdd?: boolean;
    } = {},
  ): Html {
    const rows = devices.map(
      (d) => html`<tr><td>${d.name}</td><td>${day(d.activatedAt)}</td>
<td><form method="post" action="/security-keys/remove">${hidden("csrf", csrf)}${hidden("deviceId", d.deviceId)}
<label for="code-${d.deviceId}">Current code to remove ${d.name}</label>${codeInput(`code-${d.deviceId}`)}
<button type="submit">Remove</button></form></td></tr>`,
    );
    return html`${problems(options.messages ?? [])}${options.notice}<h2>Authenticator app</h2>
${
  devices.length === 0
    ? html`<p>No device yet. Until you add one, accounts that need two factors have basic access only.</p>`
    : html`<table><thead><tr><th>Device</th><th>Added</th><th>Remove</th></tr></thead><tbody>${rows}</tbody></table>`
}
${
  options.canAdd === false
    ? html`<p class="hint">To add another device, sign out and sign in again with a code from your app.</p>`
    : html`<form method="post" action="/security-keys/add">${hidden("csrf", csrf)}<button type="submit">Add new device</button></form>`
}
<h2>Recovery codes</h2>
<p class="hint">If you lose your device, a recovery code signs you in once. Making new codes voids the old ones.${
      options.recoveryCodesLeft !== undefined ? ` You have ${options.recoveryCodesLeft} left.` : ""
    }</p>
${
  devices.length > 0
    ? html`<form method="post" action="/security-keys/recovery-codes">${hidden("csrf", csrf)}
<label for="rc-code">Current code</label>${codeInput("rc-code")}
<button type="submit">Make new recovery codes</button></form>`
    : html``
}`;
  },

  /**
   * The security keys page of a listing (`listAuthenticators`): basic access said first, with what it withholds;
   * "Add new device" only where the session may add one.
   */
  keysPage(
    listing: {
      items: readonly DeviceRow[];
      recoveryCodesLeft: number;
      session: { secondFactor: boolean; withheldRoles: readonly string[] };
    },
    csrf: string,
    messages: readonly string[] = [],
  ): Html {
    return securityPages.keys(listing.items, csrf, {
      messages,
      recoveryCodesLeft: listing.recoveryCodesLeft,
      notice: signInPages.basicAccess(listing.session.withheldRoles),
      // With a device already, only a session that gave a code may add another (`assertMayManageDevices`).
      canAdd: listing.items.length === 0 || listing.session.secondFactor,
    });
  },

  /**
   * Step 2 of adding a device: scan the QR code, name the device, type the current code, save. Shown again after a
   * refused code without the QR code (`qrSvg` and `otpauthUri` absent): the app was set up already.
   */
  addDevice(
    device: { deviceId: string; qrSvg?: Html; otpauthUri?: string; name?: string },
    csrf: string,
    messages: readonly string[] = [],
  ): Html {
    const secret = device.otpauthUri ? (new URL(device.otpauthUri).searchParams.get("secret") ?? "") : "";
    const scan = device.qrSvg
      ? html`<p>Scan this QR code with your authenticator app.</p>
<figure class="qr">${device.qrSvg}<figcaption class="hint">Cannot scan? Enter this key in the app: <code>${secret
          .replace(/(.{4})/g, "$1 ")
          .trim()}</code></figcaption></figure>`
      : html`<p>Type the code your authenticator app shows now. <a href="/security-keys">Start again</a> if you did not add the key to the app.</p>`;
    return html`${problems(messages)}${scan}
<form method="post" action="/security-keys/confirm">${hidden("csrf", csrf)}${hidden("deviceId", device.deviceId)}
<label for="name">Name of the device</label><input id="name" name="name" required maxlength="64" placeholder="My phone" value="${device.name ?? ""}">
<label for="code">The 6-digit code the app shows now</label>${codeInput("code")}
<button type="submit">Save this device</button></form>`;
  },

  /** Recovery codes, shown once. */
  recoveryCodes(codes: readonly string[]): Html {
    return html`<div class="ok"><p>Your recovery codes. They are shown only now: print them or keep them somewhere
safe. Each works once.</p></div><p>From your next sign-in, Latchkey asks for a code from your app: sign out and
sign in again to use it.</p><ol class="codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
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
