import { describe, expect, it } from "vitest";
import { signInPages } from "../../../lib/api/sign-in-pages.js";
import { signInRedirect } from "../../../lib/api/sign-in-redirect.js";
import type { User } from "../../../lib/domain/model.js";

const now = new Date("2026-11-29T10:00:00Z");
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);
const user = { tenantId: "t1", userId: "u1" } as User;

describe("signInRedirect", () => {
  it("puts each step's token in its own HttpOnly cookie, for as long as the token lives", () => {
    const session = signInRedirect(
      { kind: "session", token: "s.t", expiresAt: inMinutes(60), user },
      { tenantId: "t1", now },
    );
    expect(session.redirect).toBe("/console");
    expect(session.cookies[0]).toBe(
      "__Host-lk-session=s.t; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax",
    );
    expect(session.cookies).toContain("__Host-lk-mfa=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    expect(session.cookies.some((c) => c.startsWith("__Host-lk-school=t1;"))).toBe(true);

    const mfa = signInRedirect(
      { kind: "mfa-required", token: "m.t", expiresAt: inMinutes(5) },
      { tenantId: "t 1", now, clearChallenge: true },
    );
    expect(mfa.redirect).toBe("/sign-in/code?tenant=t%201");
    expect(mfa.cookies[0]).toBe("__Host-lk-mfa=m.t; Path=/; Max-Age=300; HttpOnly; Secure; SameSite=Strict");
    expect(mfa.cookies).toContain(
      "__Host-lk-challenge=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
    );
    expect(mfa.cookies.some((c) => c.startsWith("__Host-lk-session="))).toBe(false);

    const first = signInRedirect(
      { kind: "new-password-required", token: "c.t", expiresAt: inMinutes(10) },
      { now },
    );
    expect(first).toEqual({
      redirect: "/sign-in/new-password",
      cookies: ["__Host-lk-challenge=c.t; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Strict"],
    });
  });
});

describe("the Latchkey ID's sign-in form", () => {
  it("carries the form token and the school, escapes what it shows again, and links back to the school account", () => {
    const page = signInPages.identitySignInForm(
      { tenantId: "oak", name: "Oak" },
      "tok-1",
      { email: '"><script>x</script>' },
      ["The email or password is not right."],
    ).value;
    expect(page).toContain('name="csrf" value="tok-1"');
    expect(page).toContain('name="tenant" value="oak"');
    expect(page).not.toContain("<script>");
    expect(page).toContain("&quot;&gt;&lt;script&gt;");
    expect(page).toContain('href="/sign-in?tenant=oak&amp;provider=school"');
    expect(page).not.toContain('name="password" value');
    expect(signInPages.basicAccess([]).value).toBe("");
    expect(signInPages.basicAccess(["site-admin"]).value).toContain('href="/security-keys"');
  });
});
