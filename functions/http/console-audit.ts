import { eventFilter, eventsPage, sectionLinks } from "../../lib/api/console/audit.js";
import { sectionsFor } from "../../lib/api/console/nav.js";
import { html } from "../../lib/api/html.js";
import { nameEvents } from "../../lib/app/directory/event-names.js";
import { listAuditEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAuditEndpoints } from "../../lib/endpoints/console-audit.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { audit, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The school's audit events (the API's `listAuditEvents`, `audit:read`), named, filtered and paged. */
export const handler = sessionPageFunction(
  consoleAuditEndpoints["console-audit"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, timeZone = defaultTimeZone }) => {
    const filter = eventFilter(query, timeZone);
    if ("problem" in filter) throw new PageProblem(422, [filter.problem]);
    const page = await listAuditEvents({ audit: audit() }, principal, {
      limit: query.size,
      cursor: query.cursor,
      ...filter,
    });
    const events = await nameEvents({ users: users() }, principal.tenantId, page.items);
    return {
      status: 200,
      title: "Audit events",
      body: html`${sectionLinks(sectionsFor(principal).find((x) => x.href === "/console/audit")?.screens ?? [], "/console/audit")}${eventsPage(
        {
          path: "/console/audit",
          query,
          events,
          cursor: page.cursor,
          timeZone,
          linkSubjects: true,
          intro: html`<p>What happened at the school and who did it: regenerations, resets, settings, sign-in keys and more. Events about one person are on their history (follow their name).</p>`,
        },
      )}`,
    };
  },
);
