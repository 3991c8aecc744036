import { createTenantApiKey } from "../../lib/app/api-keys/api-keys.js";
import { apiKeyEndpoints } from "../../lib/endpoints/api-keys.js";
import { httpFunction } from "../middleware/http-function.js";
import { createApiKeyDeps } from "../wiring/api-keys.js";
import { authentication } from "../wiring/authentication.js";

export const handler = httpFunction(
  apiKeyEndpoints["create-api-key"],
  authentication,
  async ({ principal, body }) => ({
    status: 201,
    body: await createTenantApiKey(createApiKeyDeps(), principal, body),
    headers: { "cache-control": "no-store", pragma: "no-cache" },
  }),
);
