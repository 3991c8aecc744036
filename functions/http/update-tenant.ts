import { updateTenant } from "../../lib/app/tenant/tenant-settings.js";
import { tenantEndpoints } from "../../lib/endpoints/tenant.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  tenantEndpoints["update-tenant"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await updateTenant(services(), principal, body),
  }),
);
