import { contracts } from "../../lib/api/contracts.js";
import { tenantView } from "../../lib/api/views.js";
import { updateTenant } from "../../lib/app/tenant/tenant-settings.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["update-tenant"], services, async ({ principal, body }) => ({
  status: 200,
  body: tenantView(await updateTenant(services(), principal, body)),
}));
