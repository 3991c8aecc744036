import { accountPages } from "../../lib/api/console/account.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Change password: the form (current, new, confirm) with the password rules; a Latchkey ID session says so. */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-account-password"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf }) => ({
    status: 200,
    title: "Change password",
    body: accountPages.passwordForm({ csrf, identity: principal.identity }),
  }),
);
