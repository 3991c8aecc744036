import { resetSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  ssoPinEndpoints["reset-sso-pin"],
  services,
  async ({ principal, params }) => ({
    status: 200,
    body: await resetSsoPin(services(), principal, params.userId),
  }),
);
