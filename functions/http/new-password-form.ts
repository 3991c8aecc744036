import { clearCookie, pageCookies } from "../../lib/api/page-cookies.js";
import { signInPages } from "../../lib/api/sign-in-pages.js";
import { signInRedirect } from "../../lib/api/sign-in-redirect.js";
import { completeNewPassword } from "../../lib/app/sessions/complete-new-password.js";
import { AuthenticationError, ValidationError } from "../../lib/domain/errors.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { clock } from "../wiring/clock.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { newPasswordDeps as deps } from "../wiring/sign-in.js";

/**
 * Sets the person's own password with the challenge from the HttpOnly cookie, then signs them in (session cookie,
 * challenge cookie cleared), or on to the code step when they have an authenticator. A refused password shows the form again; a dead challenge sends them to sign in.
 */
export const handler = sessionPageFunction(
  sessionPageEndpoints["new-password-form"],
  { formTokens, settings },
  async ({ form, cookies, csrf }) => {
    const challengeToken = cookies[pageCookies.challenge];
    if (!challengeToken) return { redirect: signInPath(form.tenant) };
    const again = async (messages: string[]) => {
      const tenant = form.tenant ? await tenants().get(form.tenant) : undefined;
      return {
        status: 422,
        title: "Choose your password",
        shell: { school: tenant?.name },
        body: signInPages.newPasswordForm(csrf, form.tenant, messages),
      };
    };
    if (form.newPassword !== form.confirmPassword) return again(["The two passwords are not the same."]);
    try {
      const result = await completeNewPassword(deps(), { challengeToken, newPassword: form.newPassword });
      return signInRedirect(result, { tenantId: form.tenant, now: clock.now(), clearChallenge: true });
    } catch (error) {
      if (error instanceof ValidationError)
        return again(error.errors.map((e) => `The new password ${e.detail}.`));
      if (error instanceof AuthenticationError)
        return { redirect: signInPath(form.tenant), cookies: [clearCookie("challenge")] };
      throw error;
    }
  },
);
