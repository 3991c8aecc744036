import { assignPinCode } from "../../lib/app/pin-codes/assign-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pinCodeEndpoints["assign-pin-code"],
  services,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await assignPinCode(services(), principal, params.userId, body),
  }),
);
