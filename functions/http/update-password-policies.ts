import { updatePasswordPolicies } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["update-password-policies"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await updatePasswordPolicies(services(), principal, body),
  }),
);
