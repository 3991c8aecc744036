import { clearCookie, pageCookies } from "../../lib/api/page-cookies.js";
import { securityPages } from "../../lib/api/security-pages.js";
import { signInRedirect } from "../../lib/api/sign-in-redirect.js";
import { completeMfaSignIn } from "../../lib/app/sessions/complete-mfa-sign-in.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { clock } from "../wiring/clock.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { codeStepDeps as deps } from "../wiring/sign-in.js";

/**
 * The code step's submission: the API's `completeMfaSignIn` with the challenge from the HttpOnly mfa cookie and a
 * code (or a recovery code). A refused code shows the form again (the challenge lives on for its 5 minutes, the
 * code lockout counts); a dead challenge sends the person to sign in again. A session goes into the session cookie.
 */
export const handler = sessionPageFunction(
  sessionPageEndpoints["code-form"],
  { formTokens, settings },
  async ({ form, cookies, csrf }) => {
    const tenantId = form.tenant ?? cookies[pageCookies.school];
    const challengeToken = cookies[pageCookies.mfa];
    if (!challengeToken) return { redirect: signInPath(tenantId) };
    const again = async (message: string) => {
      const tenant = form.tenant ? await tenants().get(form.tenant) : undefined;
      return {
        status: 401,
        title: "Enter your code",
        shell: { school: tenant?.name },
        body: securityPages.codeStep(csrf, [message], tenant?.tenantId),
      };
    };
    const answer = form.recoveryCode
      ? { recoveryCode: form.recoveryCode }
      : form.code
        ? { code: form.code }
        : undefined;
    if (!answer) return again("Type the code your authenticator app shows, or a recovery code.");
    try {
      await deps().sessions.verifyMfaChallenge(challengeToken, clock.now());
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return { redirect: signInPath(tenantId), cookies: [clearCookie("mfa")] };
    }
    try {
      const session = await completeMfaSignIn(deps(), { challengeToken, ...answer });
      return signInRedirect(
        { kind: "session", ...session },
        { tenantId: session.user.tenantId, now: clock.now() },
      );
    } catch (error) {
      if (error instanceof AuthenticationError)
        return again("That code was not accepted. Try the current code.");
      throw error;
    }
  },
);
