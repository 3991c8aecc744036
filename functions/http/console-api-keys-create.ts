import * as z from "zod";
import { sectionLinks } from "../../lib/api/console/audit.js";
import { apiKeysPage } from "../../lib/api/console/emails.js";
import { sectionsFor } from "../../lib/api/console/nav.js";
import { html } from "../../lib/api/html.js";
import { createTenantApiKey, listTenantApiKeys } from "../../lib/app/api-keys/api-keys.js";
import { nameActors } from "../../lib/app/directory/event-names.js";
import { AuthenticationError, ConflictError } from "../../lib/domain/errors.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAuditEndpoints } from "../../lib/endpoints/console-audit.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { createApiKeyDeps } from "../wiring/api-keys.js";
import { authentication } from "../wiring/authentication.js";
import { identities, tenants, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The API's rule for a key's name: printable text, 1 to 100 characters. */
const keyName = z
  .string()
  .trim()
  .min(1, "Give the key a name.")
  .max(100, "A key's name has at most 100 characters.")
  .regex(/^[^\p{Cc}]+$/u, "A key's name cannot hold control characters.");

/**
 * Creates a key (the API's `createTenantApiKey`: a signed-in site admin, at most 20, audited) and answers the API
 * keys page with the key shown this once — in this POST's answer only (never cached, never in an address).
 */
export const handler = sessionPageFunction(
  consoleAuditEndpoints["console-api-keys-create"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, form, timeZone = defaultTimeZone }) => {
    const name = keyName.safeParse(form.name);
    let created: { name: string; apiKey: string } | undefined;
    let problems: string[] = [];
    let status = 200;
    if (!name.success) {
      problems = name.error.issues.map((i) => i.message);
      status = 422;
    } else {
      try {
        const deps = createApiKeyDeps();
        created = await createTenantApiKey(deps, principal, { name: name.data, password: form.password });
      } catch (error) {
        if (error instanceof AuthenticationError) {
          problems = ["That is not your password: no key was made."];
          status = 401;
        } else if (error instanceof ConflictError) {
          problems = [error.message];
          status = 409;
        } else throw error;
      }
    }
    const keys = await listTenantApiKeys({ tenants: tenants() }, principal);
    const names = await nameActors(
      { users: users() },
      principal.tenantId,
      keys.flatMap((k) => (k.createdBy ? [k.createdBy] : [])),
    );
    return {
      status,
      title: "API keys",
      body: html`${sectionLinks(sectionsFor(principal).find((x) => x.href === "/console/audit")?.screens ?? [], "/console/api-keys")}${apiKeysPage({ csrf, keys, timeZone, creator: names.actor, created, problems })}`,
    };
  },
);
