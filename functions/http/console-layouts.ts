import { layoutsPage } from "../../lib/api/console/layouts.js";
import { listLayouts } from "../../lib/app/emails/email-layouts.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { can } from "../../lib/domain/permissions.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, layouts, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The school's email layouts with their state, and the import of the defaults (once the environment name is set). */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-layouts"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, query, timeZone }) => {
    const items = await listLayouts({ layouts: layouts() }, principal);
    const tenant = await getTenant({ tenants: tenants() }, principal);
    const body = layoutsPage({
      layouts: items,
      environmentName: tenant.environmentName,
      canSetEnvironment: can(principal, "tenant:update"),
      csrf,
      timeZone: timeZone ?? defaultTimeZone,
      done: query.done,
    });
    return { status: 200, title: "Email layouts", body };
  },
);
