import {
  parsePreferences,
  preferencesPage,
  problemsOf,
  timeZoneChoices,
} from "../../lib/api/console/preferences.js";
import { getTenant, updateTenant } from "../../lib/app/tenant/tenant-settings.js";
import { ValidationError } from "../../lib/domain/errors.js";
import { authorize, can } from "../../lib/domain/permissions.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { identities, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * Saves the school's preferences (as `PATCH /v1/tenant`): 303 back with a message; a refused field (a sender
 * outside the verified domains, a bad step-up action…) shows the form again, 422, with what was typed.
 */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-preferences-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, form }) => {
    authorize(principal, "tenant:update");
    const parsed = parsePreferences(form);
    let problems = parsed.problems;
    if (parsed.patch) {
      try {
        await updateTenant({ tenants: tenants(), clock, settings: settings() }, principal, parsed.patch);
        return { redirect: "/console/preferences?done=saved" };
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems = problemsOf(error.errors, error.message);
      }
    }
    const tenant = await getTenant({ tenants: tenants() }, principal);
    const body = preferencesPage({
      tenant,
      senderDomains: settings().senderDomains,
      timeZones: timeZoneChoices(),
      canUpdate: true,
      canEditLayouts: can(principal, "emails:layouts"),
      csrf,
      fields: form,
      problems,
    });
    return { status: 422, title: "School preferences", body };
  },
);
