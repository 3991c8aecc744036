import { consentToLatchkeyId, withdrawLatchkeyIdConsent } from "../../lib/app/identities/consent.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The ports these use cases need, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof withdrawLatchkeyIdConsent>[0] => ({
  audit: audit(),
  clock,
  identities: identities(),
  sessionRevocations: sessionRevocations(),
  users: users(),
});

/** Allow or withdraw a user's Latchkey ID (the API's consent use cases: a signed-in site admin, audited, idempotent). */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-user-latchkey-id"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form }) => {
    if (form.consent === "allow") await consentToLatchkeyId(deps(), principal, params.userId);
    else await withdrawLatchkeyIdConsent(deps(), principal, params.userId);
    return {
      redirect: `/console/users/${encodeURIComponent(params.userId)}/security?done=${
        form.consent === "allow" ? "allowed" : "withdrawn"
      }`,
    };
  },
);
