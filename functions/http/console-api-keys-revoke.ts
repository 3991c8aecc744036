import { revokeTenantApiKey } from "../../lib/app/api-keys/api-keys.js";
import { consoleAuditEndpoints } from "../../lib/endpoints/console-audit.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Revokes a key after its confirmation box (the API's `revokeTenantApiKey`; another school's key is not found). */
export const handler = sessionPageFunction(
  consoleAuditEndpoints["console-api-keys-revoke"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    if (form.confirm !== "yes") {
      throw new PageProblem(422, ["Tick the box beside the key to confirm that you want to revoke it."]);
    }
    await revokeTenantApiKey({ audit: audit(), clock, tenants: tenants() }, principal, form.keyId);
    return { redirect: "/console/api-keys?done=revoked" };
  },
);
