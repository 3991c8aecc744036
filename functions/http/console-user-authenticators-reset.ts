import { userSecurityPage } from "../../lib/api/console/user-security.js";
import { resetAuthenticators } from "../../lib/app/authenticators/removal.js";
import { nameActors } from "../../lib/app/directory/event-names.js";
import { getUserSecurity } from "../../lib/app/identities/user-security.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { authenticatorResetDeps } from "../wiring/authenticators.js";
import { authenticators, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * Reset a user's lost authenticators (the API's `resetAuthenticators`: `authenticators:reset`, the admin's own
 * password under the lockout, never over more privilege, audited, the user emailed); a refused password is shown on
 * the page again.
 */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-user-authenticators-reset"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form, csrf, timeZone = defaultTimeZone }) => {
    try {
      await resetAuthenticators(authenticatorResetDeps(), principal, {
        userId: params.userId,
        password: form.password,
      });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      const security = await getUserSecurity(
        { users: users(), identities: identities(), authenticators: authenticators() },
        principal,
        params.userId,
      );
      const consentedBy = security.latchkeyId.consentedBy;
      const names = await nameActors(
        { users: users() },
        principal.tenantId,
        consentedBy ? [consentedBy] : [],
      );
      return {
        status: 422,
        title: "Sign-in security",
        body: userSecurityPage({
          security,
          csrf,
          timeZone,
          creator: names.actor,
          problems: ["Your password was not accepted: nothing was reset."],
        }),
      };
    }
    return { redirect: `/console/users/${encodeURIComponent(params.userId)}/security?done=reset` };
  },
);
