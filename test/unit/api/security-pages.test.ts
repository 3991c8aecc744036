import { describe, expect, it } from "vitest";
import { html } from "../../../lib/api/html.js";
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
});
