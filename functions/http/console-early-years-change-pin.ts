import { classPage } from "../../lib/api/console/early-years-class.js";
import { allClassPupilPins, listEarlyYearsClasses } from "../../lib/app/pupil-pins/early-years-classes.js";
import { changePupilPin } from "../../lib/app/pupil-pins/pupil-pins.js";
import { ValidationError } from "../../lib/domain/errors.js";
import { newIdempotencyKey } from "../../lib/domain/idempotency.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { pupilPinDeps } from "../wiring/pupil-pins.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Change PIN: saved at once → 303 to the class with a confirmation; a refused PIN → the class page saying why. */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-change-pin"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form, csrf, timeZone }) => {
    const deps = pupilPinDeps();
    const base = `/console/early-years/classes/${encodeURIComponent(params.groupId)}`;
    try {
      await changePupilPin(deps, principal, params.userId, { pin: form.pin });
      return { redirect: `${base}?done=changed&pupil=${encodeURIComponent(params.userId)}` };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { group, pupils } = await allClassPupilPins(deps, principal, params.groupId);
      const classes = await listEarlyYearsClasses(deps, principal);
      const refusal = { userId: params.userId, message: error.message };
      const body = classPage({
        group,
        pupils,
        classes,
        csrf,
        idempotencyKey: newIdempotencyKey(),
        timeZone: timeZone ?? "Europe/London",
        refusal,
      });
      return { status: 422, title: `Early years: ${group.name}`, body };
    }
  },
);
