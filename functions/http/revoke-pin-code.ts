import { revokePinCode } from "../../lib/app/pin-codes/revoke-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, pinCodes, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof revokePinCode>[0] => ({
  audit: audit(),
  clock,
  pinCodes: pinCodes(),
  users: users(),
});

export const handler = httpFunction(
  pinCodeEndpoints["revoke-pin-code"],
  authentication,
  async ({ principal, params }) => {
    await revokePinCode(deps(), principal, params.userId);
    return { status: 204 };
  },
);
