import { preferencesPage, timeZoneChoices } from "../../lib/api/console/preferences.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { can } from "../../lib/domain/permissions.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The school's preferences: the form for a site admin, what they are for who may only read them. */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-preferences"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, query }) => {
    const tenant = await getTenant({ tenants: tenants() }, principal);
    const body = preferencesPage({
      tenant,
      senderDomains: settings().senderDomains,
      timeZones: timeZoneChoices(),
      canUpdate: can(principal, "tenant:update"),
      canEditLayouts: can(principal, "emails:layouts"),
      csrf,
      done: query.done,
    });
    return { status: 200, title: "School preferences", body };
  },
);
