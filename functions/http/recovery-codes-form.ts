import { securityPages } from "../../lib/api/security-pages.js";
import { listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { regenerateRecoveryCodes } from "../../lib/app/authenticators/removal.js";
import { ValidationError } from "../../lib/domain/errors.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { codeCheckDeps } from "../wiring/authenticators.js";
import { authenticators, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** New recovery codes for a current code, shown once; the old set stops working. A refused code changes nothing. */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["recovery-codes-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf }) => {
    try {
      const codes = await regenerateRecoveryCodes(codeCheckDeps(), principal, { code: form.code });
      return { status: 200, title: "New recovery codes", body: securityPages.recoveryCodes(codes) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const listing = await listAuthenticators({ authenticators: authenticators() }, principal);
      const message = "No new codes: that is not a current, unused code of your authenticators.";
      return { status: 422, title: "Security keys", body: securityPages.keysPage(listing, csrf, [message]) };
    }
  },
);
