import { signUpWithPinCode } from "../../lib/app/pin-codes/sign-up-with-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pinCodeEndpoints["sign-up-with-pin-code"],
  services,
  async ({ body, sourceIp }) => ({
    status: 201,
    body: await signUpWithPinCode(services(), { ...body, sourceIp }),
  }),
);
