import { sectionLinks } from "../../lib/api/console/audit.js";
import { emailsPage } from "../../lib/api/console/emails.js";
import { sectionsFor } from "../../lib/api/console/nav.js";
import { html } from "../../lib/api/html.js";
import { listEmails } from "../../lib/app/emails/email-status.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAuditEndpoints } from "../../lib/endpoints/console-audit.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { emailDeliveries, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Email delivery (the API's `listEmails`, `emails:read`): status per email, filtered and paged; never content. */
export const handler = sessionPageFunction(
  consoleAuditEndpoints["console-emails"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, timeZone = defaultTimeZone }) => {
    const page = await listEmails({ emailDeliveries: emailDeliveries() }, principal, {
      limit: query.size,
      cursor: query.cursor,
      status: query.status,
    });
    return {
      status: 200,
      title: "Email delivery",
      body: html`${sectionLinks(sectionsFor(principal).find((x) => x.href === "/console/audit")?.screens ?? [], "/console/emails")}${emailsPage(
        {
          items: page.items,
          status: query.status,
          size: query.size,
          cursor: query.cursor,
          next: page.cursor,
          timeZone,
        },
      )}`,
    };
  },
);
