import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { tenantEndpoints } from "../../lib/endpoints/tenant.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(tenantEndpoints["get-tenant"], services, async ({ principal }) => ({
  status: 200,
  body: await getTenant(services(), principal),
}));
