/**
 * The cookies of the hosted pages. Every one is `__Host-` prefixed (so only this exact host, over HTTPS, with
 * `Path=/` and no `Domain` can set it: a sibling subdomain cannot plant or overwrite one), `Secure` and `HttpOnly`
 * (no script reads them; the pages have none anyway).
 *
 * - `session` holds the same session token the API takes as a Bearer token, for as long as the token lives.
 *   `SameSite=Lax`: a link from an email or another site opens a page signed in (GET never changes anything),
 *   while a cross-site POST never carries it. Every POST also needs the session's form token.
 * - `formKey` is the random value a pre-session form token (sign-in) is bound to: the signed double-submit
 *   cookie that stops login CSRF. `SameSite=Lax`, not Strict: a sign-in link opened from webmail is a cross-site
 *   navigation, which would not carry a Strict cookie, so a new key would replace it and break the form of every
 *   other open tab; a cross-site POST carries neither.
 * - `challenge` keeps the new-password challenge token (signing in with a temporary password) on the server side
 *   of the browser: script, extensions and form caches never see it, unlike a hidden field, and the step can be a
 *   plain GET page after a redirect. `SameSite=Strict`, 10 minutes like the token.
 * - `mfa` keeps the second-factor challenge (`MFA_REQUIRED`) between the password and the code step, like
 *   `challenge`: `SameSite=Strict`, 5 minutes like the token.
 * - `school` remembers which school's sign-in page to send a signed-out browser back to (not a secret).
 * - `provider` remembers the sign-in form the person chose: `school` or `latchkey-id` (not a secret).
 */
export const pageCookies = {
  session: "__Host-lk-session",
  formKey: "__Host-lk-form",
  challenge: "__Host-lk-challenge",
  school: "__Host-lk-school",
  mfa: "__Host-lk-mfa",
  provider: "__Host-lk-provider",
} as const;

export type PageCookie = keyof typeof pageCookies;

const sameSite: Record<PageCookie, "Lax" | "Strict"> = {
  session: "Lax",
  formKey: "Lax",
  challenge: "Strict",
  school: "Lax",
  mfa: "Strict",
  provider: "Lax",
};

/** A `Set-Cookie` value that sets `cookie` for `maxAgeSeconds`. */
export function setCookie(cookie: PageCookie, value: string, maxAgeSeconds: number): string {
  const age = Math.max(0, Math.floor(maxAgeSeconds));
  return `${pageCookies[cookie]}=${encodeURIComponent(value)}; Path=/; Max-Age=${age}; HttpOnly; Secure; SameSite=${sameSite[cookie]}`;
}

/** A `Set-Cookie` value that removes `cookie`. */
export function clearCookie(cookie: PageCookie): string {
  return `${pageCookies[cookie]}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=${sameSite[cookie]}`;
}

/**
 * The request's cookies by name (API Gateway v2 passes them as `event.cookies`, one `name=value` each). Of a name
 * sent twice the first wins, as browsers send the most specific first.
 */
export function readCookies(cookies: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of cookies ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // a malformed value is as good as none
    }
  }
  return out;
}
