import { contracts } from "../../lib/api/contracts.js";
import { updatePasswordPolicies } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["update-password-policies"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await updatePasswordPolicies(services(), principal, body),
  }),
);
