import { leaveMembership } from "../../lib/app/identities/consent.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof leaveMembership>[0] => ({
  audit: audit(),
  clock,
  identities: identities(),
  sessionRevocations: sessionRevocations(),
});

export const handler = httpFunction(
  identityEndpoints["leave-membership"],
  authentication,
  async ({ principal, params }) => {
    await leaveMembership(deps(), principal, params.tenantId);
    return { status: 204 };
  },
);
