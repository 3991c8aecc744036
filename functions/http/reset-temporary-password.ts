import { resetTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["reset-temporary-password"],
  services,
  async ({ principal, params }) => ({
    status: 201,
    body: await resetTemporaryPassword(services(), principal, params.userId),
  }),
);
