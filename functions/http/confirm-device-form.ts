import { securityPages } from "../../lib/api/security-pages.js";
import { confirmEnrolment, listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/domain/errors.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, credentials, identities, users } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
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

/**
 * "Save this device": the name and current code activate the pending device. The first device shows its
 * recovery codes once; a later one goes back to the list. A refused code or name shows the form again (without
 * the QR code); a device not saved within 10 minutes is gone, and the list says so.
 */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["confirm-device-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf }) => {
    const again = (status: number, messages: string[]) => ({
      status,
      title: "Add new device",
      body: securityPages.addDevice({ deviceId: form.deviceId, name: form.name }, csrf, messages),
    });
    try {
      const { recoveryCodes } = await confirmEnrolment(deps(), principal, form);
      if (!recoveryCodes) return { redirect: "/security-keys" };
      return { status: 200, title: "Device saved", body: securityPages.recoveryCodes(recoveryCodes) };
    } catch (error) {
      if (error instanceof ValidationError)
        return again(
          422,
          error.errors.map((e) => `The code was not accepted: ${e.detail}.`),
        );
      if (error instanceof ConflictError) return again(409, [error.message]);
      if (error instanceof NotFoundError) {
        const listing = await listAuthenticators({ authenticators: authenticators() }, principal);
        const message = "That device was not saved within 10 minutes. Add it again.";
        return {
          status: 404,
          title: "Security keys",
          body: securityPages.keysPage(listing, csrf, [message]),
        };
      }
      throw error;
    }
  },
);
