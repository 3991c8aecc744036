import { listMyMemberships } from "../../lib/app/identities/memberships.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";

export const handler = httpFunction(
  identityEndpoints["list-memberships"],
  authentication,
  async ({ principal }) => {
    const items = await listMyMemberships({ identities: identities() }, principal);
    return {
      status: 200,
      body: { items: items.map(({ tenantId, name, current }) => ({ tenantId, name, current })) },
    };
  },
);
