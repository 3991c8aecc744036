import { updatePasswordPolicies } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, tenants } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof updatePasswordPolicies>[0] => ({
  audit: audit(),
  clock,
  tenants: tenants(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["update-password-policies"],
  authentication,
  async ({ principal, body }) => ({
    status: 200,
    body: await updatePasswordPolicies(deps(), principal, body),
  }),
);
