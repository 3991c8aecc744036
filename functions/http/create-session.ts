import { sessionView } from "../../lib/api/views.js";
import { signIn } from "../../lib/app/sessions/sign-in.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(sessionEndpoints["create-session"], services, async ({ body }) => {
  const result = await signIn(services(), body);
  if (result.kind === "new-password-required") {
    return {
      status: 200,
      body: {
        challenge: "NEW_PASSWORD_REQUIRED",
        challengeToken: result.token,
        expiresAt: result.expiresAt.toISOString(),
      },
    };
  }
  return { status: 201, body: sessionView(result) };
});
