import { earlyYearsDone, settingsPage } from "../../lib/api/console/early-years.js";
import { doneMessage, flash } from "../../lib/api/console/ui.js";
import { html } from "../../lib/api/html.js";
import { listGroups } from "../../lib/app/directory/list-groups.js";
import { earlyYearsOverview } from "../../lib/app/pupil-pins/early-years-classes.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Year groups and the default PIN rule (site admin or headteacher). */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-settings"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, csrf }) => {
    authorize(principal, "early-years:configure");
    const deps = { tenants: tenants(), groups: groups(), users: users() };
    const [view, yearGroups] = await Promise.all([
      earlyYearsOverview(deps, principal),
      listGroups(deps, principal, { type: "year-group", limit: 200 }),
    ]);
    const body = html`${flash(doneMessage(earlyYearsDone, query.done))}${settingsPage({ view, yearGroups: yearGroups.items, csrf })}`;
    return { status: 200, title: "Early years: year groups and default PINs", body };
  },
);
