import { earlyYearsHome } from "../../lib/api/console/early-years.js";
import { earlyYearsOverview, listEarlyYearsClasses } from "../../lib/app/pupil-pins/early-years-classes.js";
import { can } from "../../lib/domain/permissions.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Early years: the declaration's status, the settings, and the class selector (`?class=` opens a class). */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-home"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, timeZone }) => {
    if (query.class) return { redirect: `/console/early-years/classes/${encodeURIComponent(query.class)}` };
    const deps = { tenants: tenants(), groups: groups(), users: users() };
    const managePins = principal.roles.some((r) => r === "class-teacher" || r === "nominated-contact");
    const [view, classes] = await Promise.all([
      earlyYearsOverview(deps, principal),
      listEarlyYearsClasses(deps, principal),
    ]);
    const may = {
      declare: can(principal, "early-years:declare"),
      configure: can(principal, "early-years:configure"),
      managePins,
    };
    const body = earlyYearsHome({
      view,
      may,
      classes,
      timeZone: timeZone ?? "Europe/London",
      done: query.done,
    });
    return { status: 200, title: "Early years logins", body };
  },
);
