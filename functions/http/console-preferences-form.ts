import {
  parsePreferences,
  preferencesPage,
  problemsOf,
  savedMeanwhile,
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
 * outside the verified domains, a bad step-up action…) shows the form again, 422, with what was typed. A form
 * loaded before a colleague's save (its `loadedAt`) is not saved over theirs unseen: 409, the form again.
 */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-preferences-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, form }) => {
    authorize(principal, "tenant:update");
    const before = await getTenant({ tenants: tenants() }, principal);
    const parsed = parsePreferences(form);
    let problems = parsed.problems;
    let status = 422;
    if (parsed.patch && savedMeanwhile(form, before)) {
      // The form again with what was typed, now based on the colleague's save: saving again is deliberate.
      status = 409;
      problems = {
        form: [
          "A colleague saved the preferences while you were editing, so yours were not saved. Check the values below (yours, as typed) and save again to replace theirs.",
        ],
      };
    } else if (parsed.patch) {
      try {
        await updateTenant({ tenants: tenants(), clock, settings: settings() }, principal, parsed.patch);
        return { redirect: "/console/preferences?done=saved" };
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems = problemsOf(error.errors, error.message);
      }
    }
    const tenant = before;
    const body = preferencesPage({
      tenant,
      senderDomains: settings().senderDomains,
      timeZones: timeZoneChoices(),
      canUpdate: true,
      canEditLayouts: can(principal, "emails:layouts"),
      csrf,
      fields: { ...form, loadedAt: status === 409 ? tenant.updatedAt : (form.loadedAt ?? "") },
      problems,
    });
    return { status, title: "School preferences", body };
  },
);
