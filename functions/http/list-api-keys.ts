import { listTenantApiKeys } from "../../lib/app/api-keys/api-keys.js";
import { apiKeyEndpoints } from "../../lib/endpoints/api-keys.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { tenants } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listTenantApiKeys>[0] => ({ tenants: tenants() });

export const handler = httpFunction(
  apiKeyEndpoints["list-api-keys"],
  authentication,
  async ({ principal }) => ({
    status: 200,
    body: { items: await listTenantApiKeys(deps(), principal) },
  }),
);
