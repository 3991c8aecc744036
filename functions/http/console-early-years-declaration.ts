import { declarationPage } from "../../lib/api/console/early-years.js";
import { earlyYearsOverview } from "../../lib/app/pupil-pins/early-years-classes.js";
import { can } from "../../lib/domain/permissions.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The headteacher's declaration: its text and what it covers; the accept form for the headteacher only. */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-declaration"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, csrf, timeZone }) => {
    const view = await earlyYearsOverview(
      { tenants: tenants(), groups: groups(), users: users() },
      principal,
    );
    const may = {
      declare: can(principal, "early-years:declare"),
      configure: can(principal, "early-years:configure"),
      managePins: false,
    };
    const body = declarationPage({
      view,
      may,
      csrf,
      timeZone: timeZone ?? "Europe/London",
      done: query.done,
    });
    return { status: 200, title: "Early years declaration", body };
  },
);
