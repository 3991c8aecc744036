import { resetTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { resetPasswordDeps } from "../wiring/temporary-passwords.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["reset-temporary-password"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 201,
    body: await resetTemporaryPassword(resetPasswordDeps(), principal, {
      userId: params.userId,
      password: body.password,
    }),
  }),
);
