import { sessionView } from "../../lib/api/views.js";
import { completeMfaSignIn } from "../../lib/app/sessions/complete-mfa-sign-in.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  authenticators,
  credentials,
  identities,
  sessionRevocations,
  users,
} from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { sessions } from "../wiring/secrets.js";
import { totp } from "../wiring/totp.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof completeMfaSignIn>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  identities: identities(),
  sessionRevocations: sessionRevocations(),
  // Codes are checked under the lockout without hashing anything: not granted the pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  secretBox: secretBox(),
  sessions: sessions(),
  totp: totp(),
  users: users(),
});

export const handler = httpFunction(sessionEndpoints["complete-mfa-sign-in"], async ({ body }) => ({
  status: 201,
  body: sessionView(await completeMfaSignIn(deps(), body)),
}));
