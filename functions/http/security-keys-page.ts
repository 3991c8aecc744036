import { securityPages } from "../../lib/api/security-pages.js";
import { listAuthenticators } from "../../lib/app/authenticators/authenticators.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { authenticators, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Security keys: the person's devices (never a secret), recovery codes left, and whether they have basic access. */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["security-keys-page"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf }) => {
    const listing = await listAuthenticators({ authenticators: authenticators() }, principal);
    return { status: 200, title: "Security keys", body: securityPages.keysPage(listing, csrf) };
  },
);
