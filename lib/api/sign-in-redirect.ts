import type { SignInResult } from "../app/sessions/finish-sign-in.js";
import { clearCookie, setCookie } from "./page-cookies.js";

const schoolCookieSeconds = 30 * 24 * 3600;

/**
 * Where a page's password step leads, with the cookies to set: the account page with the session cookie, the
 * new-password step with its challenge, or the code step with the second-factor challenge (each in its own
 * HttpOnly cookie, for as long as its token lives). `tenantId` is remembered for the next sign-in;
 * `clearChallenge` ends the new-password challenge once it was used.
 */
export function signInRedirect(
  result: SignInResult,
  options: { tenantId?: string; now: Date; clearChallenge?: boolean },
): { redirect: string; cookies: string[] } {
  const seconds = (at: Date) => (at.getTime() - options.now.getTime()) / 1000;
  const query = options.tenantId ? `?tenant=${encodeURIComponent(options.tenantId)}` : "";
  const cookies = [
    ...(options.tenantId ? [setCookie("school", options.tenantId, schoolCookieSeconds)] : []),
    ...(options.clearChallenge ? [clearCookie("challenge")] : []),
  ];
  switch (result.kind) {
    case "new-password-required":
      return {
        redirect: `/sign-in/new-password${query}`,
        cookies: [setCookie("challenge", result.token, seconds(result.expiresAt)), ...cookies],
      };
    case "mfa-required":
      return {
        redirect: `/sign-in/code${query}`,
        cookies: [setCookie("mfa", result.token, seconds(result.expiresAt)), ...cookies],
      };
    case "session":
      return {
        redirect: "/console",
        cookies: [
          setCookie("session", result.token, seconds(result.expiresAt)),
          clearCookie("mfa"),
          ...cookies,
        ],
      };
  }
}
