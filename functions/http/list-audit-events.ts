import { listAuditEvents } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { tenantEndpoints } from "../../lib/endpoints/tenant.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  tenantEndpoints["list-audit-events"],
  services,
  async ({ principal, query }) => ({
    status: 200,
    body: await listAuditEvents(services(), principal, query),
  }),
);
