import { sessionView } from "../../lib/api/views.js";
import { switchSchool } from "../../lib/app/identities/identity-sign-in.js";
import { identityEndpoints } from "../../lib/endpoints/identities.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations, users } from "../wiring/dynamodb.js";
import { sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof switchSchool>[0] => ({
  audit: audit(),
  clock,
  sessionRevocations: sessionRevocations(),
  identities: identities(),
  sessions: sessions(),
  users: users(),
});

export const handler = httpFunction(
  identityEndpoints["switch-session"],
  authentication,
  async ({ principal, body }) => ({
    status: 201,
    body: sessionView(await switchSchool(deps(), principal, body.tenantId)),
  }),
);
