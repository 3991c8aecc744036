import { importDefaultLayouts } from "../../lib/app/emails/email-layouts.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, layouts, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { templatePublisher } from "../wiring/ses.js";
import { settings } from "../wiring/settings.js";

/** Imports the default layouts as the school's own (409 page without an environment name), then back to the list. */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-layouts-import"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    const deps = {
      audit: audit(),
      clock,
      layouts: layouts(),
      templatePublisher: templatePublisher(),
      tenants: tenants(),
    };
    const { imported } = await importDefaultLayouts(deps, principal, { replace: form.replace === "yes" });
    return { redirect: `/console/layouts?done=${imported.length > 0 ? "imported" : "unchanged"}` };
  },
);
