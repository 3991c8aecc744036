import { resetSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { resetSsoPinDeps } from "../wiring/sso-pins.js";

export const handler = httpFunction(
  ssoPinEndpoints["reset-sso-pin"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await resetSsoPin(resetSsoPinDeps(), principal, { userId: params.userId, password: body.password }),
  }),
);
