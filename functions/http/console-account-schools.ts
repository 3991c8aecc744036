import { accountPages } from "../../lib/api/console/account.js";
import { listMyMemberships } from "../../lib/app/identities/memberships.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Your schools: a Latchkey ID's active memberships now (switch, leave), or a plain account's one school. */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-account-schools"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, school, query }) => {
    const schools = principal.identity
      ? await listMyMemberships({ identities: identities() }, principal)
      : [];
    return {
      status: 200,
      title: "Your schools",
      body: accountPages.schools({ csrf, done: query.done, identity: principal.identity, school, schools }),
    };
  },
);
