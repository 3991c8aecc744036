import { introspectStepUp } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  ssoPinEndpoints["introspect-step-up"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await introspectStepUp(services(), principal, body),
  }),
);
