import { pageCookies } from "../../lib/api/page-cookies.js";
import { signInPages } from "../../lib/api/sign-in-pages.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The new-password step: only with the challenge cookie a temporary password's sign-in set; else sign in first. */
export const handler = sessionPageFunction(
  sessionPageEndpoints["new-password-page"],
  { formTokens, settings },
  async ({ query, cookies, csrf }) => {
    if (!cookies[pageCookies.challenge]) return { redirect: signInPath(query.tenant) };
    const tenant = query.tenant ? await tenants().get(query.tenant) : undefined;
    return {
      status: 200,
      title: "Choose your password",
      shell: { school: tenant?.name },
      body: signInPages.newPasswordForm(csrf, tenant?.tenantId),
    };
  },
);
