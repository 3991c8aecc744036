import { assignPinCode } from "../../lib/app/pin-codes/assign-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { assignPinCodeDeps } from "../wiring/pin-codes.js";

export const handler = httpFunction(
  pinCodeEndpoints["assign-pin-code"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await assignPinCode(assignPinCodeDeps(), principal, params.userId, body),
  }),
);
