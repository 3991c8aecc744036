import { contracts } from "../../lib/api/contracts.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["get-tenant"], services, async ({ principal }) => ({
  status: 200,
  body: await getTenant(services(), principal),
}));
