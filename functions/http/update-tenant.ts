import { tenantView } from "../../lib/api/views.js";
import { updateTenant } from "../../lib/app/tenant/tenant-settings.js";
import { tenantEndpoints } from "../../lib/endpoints/tenant.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { tenants } from "../wiring/dynamodb.js";
import { settings } from "../wiring/settings.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof updateTenant>[0] => ({
  clock,
  settings: settings(),
  tenants: tenants(),
});

export const handler = httpFunction(
  tenantEndpoints["update-tenant"],
  authentication,
  async ({ principal, body }) => ({
    status: 200,
    body: tenantView(await updateTenant(deps(), principal, body)),
  }),
);
