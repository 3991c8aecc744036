import { revokePinCode } from "../../lib/app/pin-codes/revoke-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pinCodeEndpoints["revoke-pin-code"],
  services,
  async ({ principal, params }) => {
    await revokePinCode(services(), principal, params.userId);
    return { status: 204 };
  },
);
