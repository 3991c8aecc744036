import { eventFilter, eventsPage } from "../../lib/api/console/audit.js";
import { html } from "../../lib/api/html.js";
import { nameEvents } from "../../lib/app/directory/event-names.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { listUserEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAuditEndpoints } from "../../lib/endpoints/console-audit.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { audit, groups, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * One user's event history (the API's `listUserEvents`: `audit:read`, or the person's own), named, filtered and
 * paged; a user of another school is not found.
 */
export const handler = sessionPageFunction(
  consoleAuditEndpoints["console-user-history"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, params, timeZone = defaultTimeZone }) => {
    const filter = eventFilter(query, timeZone);
    if ("problem" in filter) throw new PageProblem(422, [filter.problem]);
    const page = await listUserEvents({ audit: audit(), users: users() }, principal, params.userId, {
      limit: query.size,
      cursor: query.cursor,
      ...filter,
    });
    const user = await getUser({ groups: groups(), users: users() }, principal, params.userId);
    const name = [user.forename, user.surname].filter(Boolean).join(" ") || user.username;
    const events = await nameEvents({ users: users() }, principal.tenantId, page.items);
    return {
      status: 200,
      title: `History of ${name}`,
      body: eventsPage({
        path: `/console/users/${encodeURIComponent(params.userId)}/history`,
        query,
        events,
        cursor: page.cursor,
        timeZone,
        linkSubjects: false,
        intro: html`<p>Everything recorded about <strong>${name}</strong> (${user.username}). <a href="/console/users/${params.userId}">The user's page</a> · <a href="/console/users/${params.userId}/security">Sign-in security</a></p>`,
      }),
    };
  },
);
