import { sectionLinks } from "../../lib/api/console/audit.js";
import { apiKeysPage } from "../../lib/api/console/emails.js";
import { sectionsFor } from "../../lib/api/console/nav.js";
import { html } from "../../lib/api/html.js";
import { listTenantApiKeys } from "../../lib/app/api-keys/api-keys.js";
import { nameActors } from "../../lib/app/directory/event-names.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAuditEndpoints } from "../../lib/endpoints/console-audit.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** API keys (the API's `listTenantApiKeys`: a signed-in site admin): the list, never a key, and the create form. */
export const handler = sessionPageFunction(
  consoleAuditEndpoints["console-api-keys"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, query, timeZone = defaultTimeZone }) => {
    const keys = await listTenantApiKeys({ tenants: tenants() }, principal);
    const names = await nameActors(
      { users: users() },
      principal.tenantId,
      keys.flatMap((k) => (k.createdBy ? [k.createdBy] : [])),
    );
    return {
      status: 200,
      title: "API keys",
      body: html`${sectionLinks(sectionsFor(principal).find((x) => x.href === "/console/audit")?.screens ?? [], "/console/api-keys")}${apiKeysPage({ csrf, keys, timeZone, creator: names.actor, done: query.done })}`,
    };
  },
);
