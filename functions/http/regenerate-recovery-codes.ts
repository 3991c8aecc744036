import { regenerateRecoveryCodes } from "../../lib/app/authenticators/removal.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, credentials } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { totp } from "../wiring/totp.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof regenerateRecoveryCodes>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  // Codes are checked under the lockout without hashing anything: not granted the pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  secretBox: secretBox(),
  totp: totp(),
});

export const handler = httpFunction(
  authenticatorEndpoints["regenerate-recovery-codes"],
  authentication,
  async ({ principal, body }) => ({
    status: 201,
    body: { recoveryCodes: await regenerateRecoveryCodes(deps(), principal, body) },
  }),
);
