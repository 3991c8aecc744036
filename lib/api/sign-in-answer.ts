import type { SignInResult } from "../app/sessions/finish-sign-in.js";
import { sessionView } from "./views.js";

/** The HTTP answer of a password step: 201 with a session, or 200 with the challenge of the step that remains. */
export function signInAnswer(result: SignInResult) {
  if (result.kind === "session") return { status: 201, body: sessionView(result) };
  return {
    status: 200,
    body: {
      challenge: result.kind === "mfa-required" ? "MFA_REQUIRED" : "NEW_PASSWORD_REQUIRED",
      challengeToken: result.token,
      expiresAt: result.expiresAt.toISOString(),
    },
  };
}
