import { securityPages } from "../../lib/api/security-pages.js";
import { listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { regenerateRecoveryCodes } from "../../lib/app/authenticators/removal.js";
import { ValidationError } from "../../lib/domain/errors.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, credentials, identities } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
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

/** New recovery codes for a current code, shown once; the old set stops working. A refused code changes nothing. */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["recovery-codes-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf }) => {
    try {
      const codes = await regenerateRecoveryCodes(deps(), principal, { code: form.code });
      return { status: 200, title: "New recovery codes", body: securityPages.recoveryCodes(codes) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const listing = await listAuthenticators({ authenticators: authenticators() }, principal);
      const message = "No new codes: that is not a current, unused code of your authenticators.";
      return { status: 422, title: "Security keys", body: securityPages.keysPage(listing, csrf, [message]) };
    }
  },
);
