import { securityPages } from "../../lib/api/security-pages.js";
import { listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { removeAuthenticator } from "../../lib/app/authenticators/removal.js";
import { NotFoundError, ValidationError } from "../../lib/domain/errors.js";
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
const deps = (): Parameters<typeof removeAuthenticator>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  // The page confirms with a code only (never a password): not granted the pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  secretBox: secretBox(),
  totp: totp(),
});

/** Removes one of the person's devices, confirmed with a current code (used once); a refusal changes nothing. */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["remove-device-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf }) => {
    try {
      await removeAuthenticator(deps(), principal, { deviceId: form.deviceId, code: form.code });
      return { redirect: "/security-keys" };
    } catch (error) {
      const refused =
        error instanceof ValidationError
          ? "The device was not removed: that is not a current, unused code of your authenticators."
          : error instanceof NotFoundError
            ? "That device is not one of yours any more."
            : undefined;
      if (!refused) throw error;
      const listing = await listAuthenticators({ authenticators: authenticators() }, principal);
      return { status: 422, title: "Security keys", body: securityPages.keysPage(listing, csrf, [refused]) };
    }
  },
);
