import { createTenantApiKey } from "../../lib/app/api-keys/api-keys.js";
import { apiKeyEndpoints } from "../../lib/endpoints/api-keys.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, credentials, tenants, users } from "../wiring/dynamodb.js";
import { hasher } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof createTenantApiKey>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  apiKeyEndpoints["create-api-key"],
  authentication,
  async ({ principal, body }) => ({
    status: 201,
    body: await createTenantApiKey(deps(), principal, body),
    headers: { "cache-control": "no-store", pragma: "no-cache" },
  }),
);
