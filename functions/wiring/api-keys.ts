import { clock } from "./clock.js";
import { audit, credentials, tenants, users } from "./dynamodb.js";
import { hasher } from "./secrets.js";

/** Mint an API key (`createTenantApiKey`, the admin's password checked): the API and the console. */
export const createApiKeyDeps = () => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  tenants: tenants(),
  users: users(),
});
