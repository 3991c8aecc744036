import { confirmEnrolment } from "../../lib/app/authenticators/authenticators.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, credentials, users } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { totp } from "../wiring/totp.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof confirmEnrolment>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  // Codes are checked under the lockout without hashing anything: not granted the pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  secretBox: secretBox(),
  totp: totp(),
  users: users(),
});

export const handler = httpFunction(
  authenticatorEndpoints["confirm-authenticator"],
  authentication,
  async ({ principal, params, body }) => {
    const confirmed = await confirmEnrolment(deps(), principal, { deviceId: params.deviceId, ...body });
    return { status: 201, body: confirmed };
  },
);
