import { regenerateRecoveryCodes } from "../../lib/app/authenticators/removal.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { codeCheckDeps as deps } from "../wiring/authenticators.js";

export const handler = httpFunction(
  authenticatorEndpoints["regenerate-recovery-codes"],
  authentication,
  async ({ principal, body }) => ({
    status: 201,
    body: { recoveryCodes: await regenerateRecoveryCodes(deps(), principal, body) },
  }),
);
