import { listMyEvents } from "../../lib/app/identities/my-events.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { audit } from "../wiring/dynamodb.js";

export const handler = httpFunction(
  identityEndpoints["list-my-events"],
  authentication,
  async ({ principal, query }) => ({
    status: 200,
    body: await listMyEvents({ audit: audit() }, principal, query),
  }),
);
