import { sessionView } from "../../lib/api/views.js";
import { completeMfaSignIn } from "../../lib/app/sessions/complete-mfa-sign-in.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { codeStepDeps as deps } from "../wiring/sign-in.js";

export const handler = httpFunction(sessionEndpoints["complete-mfa-sign-in"], async ({ body }) => ({
  status: 201,
  body: sessionView(await completeMfaSignIn(deps(), body)),
}));
