import { html } from "../../lib/api/html.js";
import { setCookie } from "../../lib/api/page-cookies.js";
import { switchSchool } from "../../lib/app/identities/identity-sign-in.js";
import { AuthenticationError, ForbiddenError, NotFoundError } from "../../lib/domain/errors.js";
import { identityPageEndpoints } from "../../lib/endpoints/identity-pages.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations, users } from "../wiring/dynamodb.js";
import { formTokens, sessions } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof switchSchool>[0] => ({
  audit: audit(),
  clock,
  identities: identities(),
  sessionRevocations: sessionRevocations(),
  sessions: sessions(),
  users: users(),
});

const schoolCookieSeconds = 30 * 24 * 3600;

/**
 * The school switcher's submission (a Latchkey ID session): the API's `switchSchool` — no password or code again,
 * within the identity's 12 hours — then the page cookie holds the new school's session. The old token is in no
 * cookie any more and, as in the API, reaches only its own school until it expires (signing it out would sign the
 * Latchkey ID out everywhere). The session's own school changes nothing; a school that is not the person's now is
 * refused; an authentication too old, or ended since, sends them to sign in again.
 */
export const handler = sessionPageFunction(
  identityPageEndpoints["switch-school-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    if (form.tenantId === principal.tenantId) return { redirect: "/console" };
    try {
      const session = await switchSchool(deps(), principal, form.tenantId);
      const seconds = (session.expiresAt.getTime() - clock.now().getTime()) / 1000;
      return {
        redirect: "/console",
        cookies: [
          setCookie("session", session.token, seconds),
          setCookie("school", session.user.tenantId, schoolCookieSeconds),
        ],
      };
    } catch (error) {
      if (error instanceof AuthenticationError) return { redirect: signInPath(principal.tenantId) };
      if (error instanceof NotFoundError || error instanceof ForbiddenError) {
        return {
          status: error instanceof NotFoundError ? 404 : 403,
          title: "Switch school",
          body: html`<div class="error" role="alert"><p>You cannot switch to that school: it is not one of your Latchkey ID's schools now.</p></div>
<p><a href="/account">Back to your account</a></p>`,
        };
      }
      throw error;
    }
  },
);
