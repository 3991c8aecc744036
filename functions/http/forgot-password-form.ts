import { resetPages } from "../../lib/api/reset-pages.js";
import { requestPasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { TooManyAttemptsError } from "../../lib/domain/errors.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { requestResetDeps as deps } from "../wiring/password-resets.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * The forgot-password form's submission (with its form token): the API's request, the same limits, and the same
 * page whether or not a school account or Latchkey ID matches.
 */
export const handler = sessionPageFunction(
  passwordResetEndpoints["forgot-password-form"],
  { formTokens, settings },
  async ({ form, sourceIp, csrf }) => {
    const tenant = await tenants().get(form.tenant);
    try {
      await requestPasswordReset(deps(), {
        tenantId: form.tenant,
        login: form.login,
        provider: form.provider,
        sourceIp,
      });
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      return {
        status: 429,
        title: "Forgot your password?",
        shell: { school: tenant?.name },
        body: resetPages.forgotForm(form.tenant, csrf, form.provider, [error.message]),
        retryAfterSeconds: error.retryAfterSeconds,
      };
    }
    return {
      status: 200,
      title: "Check your email",
      shell: { school: tenant?.name },
      body: resetPages.forgotDone(),
    };
  },
);
