import { getPasswordPolicies } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["get-password-policies"],
  services,
  async ({ principal }) => ({
    status: 200,
    body: await getPasswordPolicies(services(), principal),
  }),
);
