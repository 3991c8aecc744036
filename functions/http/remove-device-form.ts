import { securityPages } from "../../lib/api/security-pages.js";
import { listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { removeAuthenticator } from "../../lib/app/authenticators/removal.js";
import { NotFoundError, ValidationError } from "../../lib/domain/errors.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { codeCheckDeps } from "../wiring/authenticators.js";
import { authenticators, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Removes one of the person's devices, confirmed with a current code (used once); a refusal changes nothing. */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["remove-device-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf }) => {
    try {
      await removeAuthenticator(codeCheckDeps(), principal, { deviceId: form.deviceId, code: form.code });
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
