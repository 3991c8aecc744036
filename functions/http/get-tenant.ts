import { contracts } from "../../lib/api/contracts.js";
import { tenantView } from "../../lib/api/views.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["get-tenant"], services, async ({ principal }) => ({
  status: 200,
  body: tenantView(await getTenant(services(), principal)),
}));
