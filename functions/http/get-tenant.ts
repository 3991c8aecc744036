import { tenantView } from "../../lib/api/views.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { tenantEndpoints } from "../../lib/endpoints/tenant.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { tenants } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getTenant>[0] => ({
  tenants: tenants(),
});

export const handler = httpFunction(tenantEndpoints["get-tenant"], authentication, async ({ principal }) => ({
  status: 200,
  body: tenantView(await getTenant(deps(), principal)),
}));
