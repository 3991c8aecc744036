import { signInPages } from "../../lib/api/sign-in-pages.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The school's sign-in form; an unknown school is a 404 page (school ids are in every link, not secrets). */
export const handler = sessionPageFunction(
  sessionPageEndpoints["sign-in-page"],
  { formTokens, settings },
  async ({ query, csrf }) => {
    if (!query.tenant) return { status: 200, title: "Sign in", body: signInPages.noSchool() };
    const tenant = await tenants().get(query.tenant);
    if (!tenant) return { status: 404, title: "Sign in", body: signInPages.noSchool() };
    const school = { tenantId: tenant.tenantId, name: tenant.name };
    return {
      status: 200,
      title: "Sign in",
      shell: { school: school.name },
      body: signInPages.signInForm(school, csrf),
    };
  },
);
