import { signInAnswer } from "../../lib/api/sign-in-answer.js";
import { completeNewPassword } from "../../lib/app/sessions/complete-new-password.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, identities, temporaryPasswords, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher, sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof completeNewPassword>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  identities: identities(),
  clock,
  hasher: hasher(),
  secretBox: secretBox(),
  sessions: sessions(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});

export const handler = httpFunction(sessionEndpoints["complete-new-password"], async ({ body }) => {
  return signInAnswer(await completeNewPassword(deps(), body));
});
