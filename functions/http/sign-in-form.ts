import { signInPages } from "../../lib/api/sign-in-pages.js";
import { signInRedirect } from "../../lib/api/sign-in-redirect.js";
import { signIn } from "../../lib/app/sessions/sign-in.js";
import { AuthenticationError, TooManyAttemptsError } from "../../lib/domain/errors.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { clock } from "../wiring/clock.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { schoolSignInDeps as deps } from "../wiring/sign-in.js";

/**
 * The API's sign-in behind a form: the same limits, and every failure the same message. A session goes into the
 * session cookie; a temporary password's challenge into the challenge cookie, for the new-password step; a
 * second-factor challenge into the mfa cookie, for the code step (`signInRedirect`).
 */
export const handler = sessionPageFunction(
  sessionPageEndpoints["sign-in-form"],
  { formTokens, settings },
  async ({ form, sourceIp, csrf }) => {
    const tenant = await tenants().get(form.tenant);
    const school = { tenantId: form.tenant, name: tenant?.name ?? form.tenant };
    const again = (status: number, message: string, retryAfterSeconds?: number) => ({
      status,
      title: "Sign in",
      shell: { school: school.name },
      body: signInPages.signInForm(
        school,
        csrf,
        { username: form.username },
        [message],
        signInPages.latchkeyIdChoice(form.tenant),
      ),
      ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
    });
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      const { username, password } = form;
      result = await signIn(deps(), { tenantId: form.tenant, username, password, sourceIp });
    } catch (error) {
      if (error instanceof AuthenticationError) return again(401, "The username or password is not right.");
      if (error instanceof TooManyAttemptsError) return again(429, error.message, error.retryAfterSeconds);
      throw error;
    }
    return signInRedirect(result, { tenantId: form.tenant, now: clock.now() });
  },
);
