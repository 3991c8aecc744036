import { sessionView } from "../../lib/api/views.js";
import { completeNewPassword } from "../../lib/app/sessions/complete-new-password.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(sessionEndpoints["complete-new-password"], services, async ({ body }) => {
  const session = await completeNewPassword(services(), body);
  return { status: 201, body: sessionView(session) };
});
