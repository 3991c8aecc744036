import { signInAnswer } from "../../lib/api/sign-in-answer.js";
import { completeNewPassword } from "../../lib/app/sessions/complete-new-password.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { newPasswordDeps as deps } from "../wiring/sign-in.js";

export const handler = httpFunction(sessionEndpoints["complete-new-password"], async ({ body }) => {
  return signInAnswer(await completeNewPassword(deps(), body));
});
