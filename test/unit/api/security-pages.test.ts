import { describe, expect, it } from "vitest";
import { html } from "../../../lib/api/html.js";
import { qrCodeSvg } from "../../../lib/api/qr-code.js";
import { securityPages } from "../../../lib/api/security-pages.js";

const forms = (markup: string) => markup.match(/<form[\s\S]*?<\/form>/g) ?? [];

describe("security pages", () => {
  it("puts the CSRF token in every form and escapes device names", () => {
    const keys = securityPages.keys(
      [{ deviceId: "d1", name: '<img src=x onerror="alert(1)">', activatedAt: "2026-11-29T10:00:00Z" }],
      "tok-1",
    ).value;
    expect(keys).not.toContain("<img");
    expect(keys).toContain("&lt;img src=x");
    const pages = [
      keys,
      securityPages.addDevice(
        {
          deviceId: "d2",
          qrSvg: html`<svg></svg>`,
          otpauthUri: "otpauth://totp/L:a?secret=ABCDEFGHABCDEFGH",
        },
        "tok-1",
      ).value,
      securityPages.codeStep("tok-1").value,
      securityPages.switcher(
        [
          { tenantId: "a", name: "A School", current: true },
          { tenantId: "b", name: "B & Co", current: false },
        ],
        "tok-1",
      ).value,
    ];
    for (const page of pages) {
      expect(forms(page).length).toBeGreaterThan(0);
      for (const form of forms(page)) expect(form).toContain('name="csrf" value="tok-1"');
    }
    expect(pages[1]).toContain("ABCD EFGH ABCD EFGH");
    expect(pages[3]).toContain("B &amp; Co");
    expect(pages[3]).toMatch(/value="a" selected/);
  });

  it("shows no switcher to a person in one school", () => {
    expect(securityPages.switcher([{ tenantId: "a", name: "A", current: true }], "t").value).toBe("");
  });

  it("draws the QR code as inline SVG with an image's role and name (the pages' CSP has no img-src)", async () => {
    const svg = (await qrCodeSvg("otpauth://totp/Latchkey:jo?secret=ABCDEFGHABCDEFGH&issuer=Latchkey")).value;
    expect(svg).toMatch(/^<svg role="img" aria-label="QR code for your authenticator app" xmlns=/);
    expect(svg).not.toContain("data:");
    expect(svg).not.toContain("<script");
  });

  it("says basic access on the keys page, offers new recovery codes only with a device, and never shows a key again after a refused code", () => {
    const none = securityPages.keysPage(
      { items: [], recoveryCodesLeft: 0, session: { secondFactor: false, withheldRoles: ["site-admin"] } },
      "t",
    ).value;
    expect(none).toContain("You have basic access only: your site-admin access");
    expect(none).not.toContain('action="/security-keys/recovery-codes"');
    const some = securityPages.keysPage(
      {
        items: [{ deviceId: "d1", name: "My phone", activatedAt: "2026-11-29T10:00:00Z" }],
        recoveryCodesLeft: 7,
        session: { secondFactor: true, withheldRoles: [] },
      },
      "t",
    ).value;
    expect(none).toContain('action="/security-keys/add"');
    expect(some).toContain('action="/security-keys/add"');
    const passwordOnly = securityPages.keysPage(
      {
        items: [{ deviceId: "d1", name: "My phone", activatedAt: "2026-11-29T10:00:00Z" }],
        recoveryCodesLeft: 10,
        session: { secondFactor: false, withheldRoles: [] },
      },
      "t",
    ).value;
    expect(passwordOnly).not.toContain('action="/security-keys/add"');
    expect(passwordOnly).toContain("sign in again with a code");
    expect(some).not.toContain("basic access only");
    expect(some).toContain('action="/security-keys/recovery-codes"');
    expect(some).toContain("You have 7 left.");
    const again = securityPages.addDevice({ deviceId: "d2", name: "Tablet" }, "t", [
      "The code was not accepted.",
    ]).value;
    expect(again).not.toContain("<svg");
    expect(again).not.toContain("<code>");
    expect(again).toContain('value="Tablet"');
  });
});
