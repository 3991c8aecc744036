import { signInAnswer } from "../../lib/api/sign-in-answer.js";
import { signIn } from "../../lib/app/sessions/sign-in.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { schoolSignInDeps as deps } from "../wiring/sign-in.js";

export const handler = httpFunction(sessionEndpoints["create-session"], async ({ body, sourceIp }) => {
  const result = await signIn(deps(), { ...body, sourceIp });
  return signInAnswer(result);
});
