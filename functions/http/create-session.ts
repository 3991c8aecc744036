import { signInAnswer } from "../../lib/api/sign-in-answer.js";
import { signIn } from "../../lib/app/sessions/sign-in.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import {
  authenticators,
  credentials,
  identities,
  sourceAttempts,
  temporaryPasswords,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher, sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof signIn>[0] => ({
  authenticators: authenticators(),
  identities: identities(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  secretBox: secretBox(),
  sessions: sessions(),
  sourceAttempts: sourceAttempts(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(sessionEndpoints["create-session"], async ({ body, sourceIp }) => {
  const result = await signIn(deps(), { ...body, sourceIp });
  return signInAnswer(result);
});
