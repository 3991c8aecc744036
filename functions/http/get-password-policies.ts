import { getPasswordPolicies } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { tenants } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getPasswordPolicies>[0] => ({
  tenants: tenants(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["get-password-policies"],
  authentication,
  async ({ principal }) => ({
    status: 200,
    body: await getPasswordPolicies(deps(), principal),
  }),
);
