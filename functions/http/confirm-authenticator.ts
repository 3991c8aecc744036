import { confirmEnrolment } from "../../lib/app/authenticators/authenticators.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { codeCheckDeps as deps } from "../wiring/authenticators.js";

export const handler = httpFunction(
  authenticatorEndpoints["confirm-authenticator"],
  authentication,
  async ({ principal, params, body }) => {
    const confirmed = await confirmEnrolment(deps(), principal, { deviceId: params.deviceId, ...body });
    return { status: 201, body: confirmed };
  },
);
