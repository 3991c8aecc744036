import { signInPages } from "../../lib/api/sign-in-pages.js";
import { signInRedirect } from "../../lib/api/sign-in-redirect.js";
import { signInWithLatchkeyId } from "../../lib/app/identities/identity-sign-in.js";
import { AuthenticationError, TooManyAttemptsError } from "../../lib/domain/errors.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { clock } from "../wiring/clock.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { identitySignInDeps as deps } from "../wiring/sign-in.js";

/**
 * The API's Latchkey ID sign-in behind a form, at the school of the page: the same limits and one lockout per
 * identity, and every failure (unknown email, wrong password, no membership at this school) the same message. A
 * session goes into the session cookie; a second-factor challenge into the mfa cookie, for the code step. Without a
 * school (the plain sign-in page) the session is for the first of the person's schools (by name).
 */
export const handler = sessionPageFunction(
  sessionPageEndpoints["identity-sign-in-form"],
  { formTokens, settings },
  async ({ form, sourceIp, csrf }) => {
    const tenant = form.tenant ? await tenants().get(form.tenant) : undefined;
    const school = form.tenant ? { tenantId: form.tenant, name: tenant?.name ?? form.tenant } : undefined;
    const again = (status: number, message: string, retryAfterSeconds?: number) => ({
      status,
      title: "Sign in with your Latchkey ID",
      shell: { school: school?.name },
      body: signInPages.identitySignInForm(school, csrf, { email: form.email }, [message]),
      ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
    });
    let result: Awaited<ReturnType<typeof signInWithLatchkeyId>>["result"];
    try {
      const input = { email: form.email, password: form.password, tenantId: form.tenant, sourceIp };
      ({ result } = await signInWithLatchkeyId(deps(), input));
    } catch (error) {
      if (error instanceof AuthenticationError) return again(401, "The email or password is not right.");
      if (error instanceof TooManyAttemptsError) return again(429, error.message, error.retryAfterSeconds);
      throw error;
    }
    const tenantId = form.tenant ?? (result.kind === "session" ? result.user.tenantId : undefined);
    return signInRedirect(result, { tenantId, now: clock.now() });
  },
);
