import { settingsPage } from "../../lib/api/console/early-years.js";
import { listGroups } from "../../lib/app/directory/list-groups.js";
import { configureEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { earlyYearsOverview } from "../../lib/app/pupil-pins/early-years-classes.js";
import { ValidationError } from "../../lib/domain/errors.js";
import { type DefaultPinRule, pupilPinLength } from "../../lib/domain/pupil-pin.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, users } from "../wiring/dynamodb.js";
import { earlyYearsDeps } from "../wiring/pupil-pins.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Saves the year groups (checkboxes `year-<groupId>`), default rule and minimum; a refusal shows the form again. */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-save-settings"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf }) => {
    const deps = { ...earlyYearsDeps(), users: users() };
    const yearGroupIds = Object.entries(form)
      .filter(([name, value]) => name.startsWith("year-") && value === "on")
      .map(([name]) => name.slice("year-".length));
    const defaultPin: DefaultPinRule =
      form.rule === "random" ? { kind: "random", length: Number(form.length || 6) } : { kind: "birthday" };
    try {
      const lengths = [Number(form.minLength), ...(defaultPin.kind === "random" ? [defaultPin.length] : [])];
      if (lengths.some((n) => !(n >= pupilPinLength.min && n <= pupilPinLength.max))) {
        const detail = `PIN lengths are ${pupilPinLength.min} to ${pupilPinLength.max} digits`;
        throw new ValidationError("Invalid PIN length.", [{ pointer: "/minLength", detail }]);
      }
      const { earlyYears } = await configureEarlyYears(deps, principal, {
        yearGroupIds,
        defaultPin,
        minLength: Number(form.minLength),
        ...(form.enabled === "off" && { enabled: false as const }),
      });
      const redeclare =
        earlyYears.declaration && earlyYears.declaration.version !== earlyYears.declarationVersion;
      return { redirect: `/console/early-years/settings?done=${redeclare ? "saved-redeclare" : "saved"}` };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const [view, yearGroups] = await Promise.all([
        earlyYearsOverview(deps, principal),
        listGroups(deps, principal, { type: "year-group", limit: 200 }),
      ]);
      const problem = [error.message, ...error.errors.map((e) => e.detail)].join(" ");
      const body = settingsPage({ view, yearGroups: yearGroups.items, csrf, problem });
      return { status: 422, title: "Early years: year groups and default PINs", body };
    }
  },
);
