import { listAuditEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { tenantEndpoints } from "../../lib/endpoints/tenant.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { audit } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listAuditEvents>[0] => ({
  audit: audit(),
});

export const handler = httpFunction(
  tenantEndpoints["list-audit-events"],
  authentication,
  async ({ principal, query }) => ({
    status: 200,
    body: await listAuditEvents(deps(), principal, query),
  }),
);
