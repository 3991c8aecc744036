import { userSecurityPage } from "../../lib/api/console/user-security.js";
import { nameActors } from "../../lib/app/directory/event-names.js";
import { getUserSecurity } from "../../lib/app/identities/user-security.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { authenticators, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A user's sign-in security: their Latchkey ID (allow, withdraw) and authenticator apps (reset), with the rules. */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-user-security"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, query, csrf, timeZone = defaultTimeZone }) => {
    const security = await getUserSecurity(
      { users: users(), identities: identities(), authenticators: authenticators() },
      principal,
      params.userId,
    );
    const consentedBy = security.latchkeyId.consentedBy;
    const names = await nameActors({ users: users() }, principal.tenantId, consentedBy ? [consentedBy] : []);
    return {
      status: 200,
      title: "Sign-in security",
      body: userSecurityPage({ security, csrf, timeZone, creator: names.actor, done: query.done }),
    };
  },
);
