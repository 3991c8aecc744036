import { pageCookies } from "../../lib/api/page-cookies.js";
import { resetPages } from "../../lib/api/reset-pages.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * Forgot password at a school: the provider choice (the one in the address, else the sign-in form the browser
 * remembers), with a form token; the school's name in the frame.
 */
export const handler = sessionPageFunction(
  passwordResetEndpoints["forgot-password-page"],
  { formTokens, settings },
  async ({ query, cookies, csrf }) => {
    const tenant = await tenants().get(query.tenant);
    const provider =
      query.provider ?? (cookies[pageCookies.provider] === "latchkey-id" ? "latchkey-id" : "school");
    return {
      status: 200,
      title: "Forgot your password?",
      shell: { school: tenant?.name },
      body: resetPages.forgotForm(query.tenant, csrf, provider),
    };
  },
);
