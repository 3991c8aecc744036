import { pageCookies, setCookie } from "../../lib/api/page-cookies.js";
import { signInPages } from "../../lib/api/sign-in-pages.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

const yearSeconds = 365 * 24 * 3600;

/**
 * The school's sign-in form: the school account's, or the Latchkey ID's when the person chose it (`provider` in the
 * address, remembered in a cookie for the next visit, as CPOMS's page remembers it). An unknown school is a 404
 * page (school ids are in every link, not secrets).
 */
export const handler = sessionPageFunction(
  sessionPageEndpoints["sign-in-page"],
  { formTokens, settings },
  async ({ query, cookies, csrf }) => {
    if (!query.tenant) return { status: 200, title: "Sign in", body: signInPages.noSchool(csrf) };
    const tenant = await tenants().get(query.tenant);
    if (!tenant) return { status: 404, title: "Sign in", body: signInPages.noSchool() };
    const school = { tenantId: tenant.tenantId, name: tenant.name };
    const provider = query.provider ?? cookies[pageCookies.provider];
    const remember = query.provider ? [setCookie("provider", query.provider, yearSeconds)] : [];
    if (provider === "latchkey-id") {
      return {
        status: 200,
        title: "Sign in with your Latchkey ID",
        shell: { school: school.name },
        body: signInPages.identitySignInForm(school, csrf),
        cookies: remember,
      };
    }
    return {
      status: 200,
      title: "Sign in",
      shell: { school: school.name },
      body: signInPages.signInForm(school, csrf, {}, [], signInPages.latchkeyIdChoice(school.tenantId)),
      cookies: remember,
    };
  },
);
