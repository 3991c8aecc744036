import { signUpWithPinCode } from "../../lib/app/pin-codes/sign-up-with-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { signUpDeps as deps } from "../wiring/sign-ups.js";

export const handler = httpFunction(
  pinCodeEndpoints["sign-up-with-pin-code"],
  async ({ body, sourceIp }) => ({
    status: 201,
    body: await signUpWithPinCode(deps(), { ...body, sourceIp }),
  }),
);
