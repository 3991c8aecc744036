import { revealTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { revealDeps } from "../wiring/temporary-passwords.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["reveal-temporary-password"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await revealTemporaryPassword(revealDeps(), principal, {
      userId: params.userId,
      password: body.password,
    }),
  }),
);
