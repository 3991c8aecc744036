import { consentToLatchkeyId } from "../../lib/app/identities/consent.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof consentToLatchkeyId>[0] => ({
  audit: audit(),
  clock,
  identities: identities(),
  users: users(),
});

export const handler = httpFunction(
  identityEndpoints["consent-latchkey-id"],
  authentication,
  async ({ principal, params }) => ({
    status: 200,
    body: await consentToLatchkeyId(deps(), principal, params.userId),
  }),
);
