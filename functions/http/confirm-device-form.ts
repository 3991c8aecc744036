import { securityPages } from "../../lib/api/security-pages.js";
import { confirmEnrolment, listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/domain/errors.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { codeCheckDeps } from "../wiring/authenticators.js";
import { authenticators, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

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
      const { recoveryCodes } = await confirmEnrolment(codeCheckDeps(), principal, form);
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
