import { classPage } from "../../lib/api/console/early-years-class.js";
import { allClassPupilPins, listEarlyYearsClasses } from "../../lib/app/pupil-pins/early-years-classes.js";
import { newIdempotencyKey } from "../../lib/domain/idempotency.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, pupilPins, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A class's pupils and their PINs (class teacher of the class or nominated contact; others 403, unknown 404). */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-class"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, query, csrf, timeZone }) => {
    const deps = { tenants: tenants(), groups: groups(), users: users(), pupilPins: pupilPins() };
    const { group, pupils } = await allClassPupilPins(deps, principal, params.groupId);
    const classes = await listEarlyYearsClasses(deps, principal);
    const body = classPage({
      group,
      pupils,
      classes,
      csrf,
      idempotencyKey: newIdempotencyKey(),
      timeZone: timeZone ?? "Europe/London",
      done: query.done,
      pupil: query.pupil,
    });
    return { status: 200, title: `Early years: ${group.name}`, body };
  },
);
