import { resetAuthenticators } from "../../lib/app/authenticators/removal.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { authenticatorResetDeps } from "../wiring/authenticators.js";

export const handler = httpFunction(
  authenticatorEndpoints["reset-user-authenticators"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await resetAuthenticators(authenticatorResetDeps(), principal, {
      userId: params.userId,
      password: body.password,
    }),
  }),
);
