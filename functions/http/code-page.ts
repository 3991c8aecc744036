import { pageCookies } from "../../lib/api/page-cookies.js";
import { securityPages } from "../../lib/api/security-pages.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The code step: only with the mfa cookie a password step set (5 minutes); else sign in first. */
export const handler = sessionPageFunction(
  sessionPageEndpoints["code-page"],
  { formTokens, settings },
  async ({ query, cookies, csrf }) => {
    if (!cookies[pageCookies.mfa])
      return { redirect: signInPath(query.tenant ?? cookies[pageCookies.school]) };
    const tenant = query.tenant ? await tenants().get(query.tenant) : undefined;
    return {
      status: 200,
      title: "Enter your code",
      shell: { school: tenant?.name },
      body: securityPages.codeStep(csrf, [], tenant?.tenantId),
    };
  },
);
