import { userSecurityPage } from "../../lib/api/console/user-security.js";
import { resetAuthenticators } from "../../lib/app/authenticators/removal.js";
import { nameActors } from "../../lib/app/directory/event-names.js";
import { getUserSecurity } from "../../lib/app/identities/user-security.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  authenticators,
  credentials,
  emailDeliveries,
  identities,
  users,
} from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { formTokens, hasher } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof resetAuthenticators>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  users: users(),
});

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
      await resetAuthenticators(deps(), principal, { userId: params.userId, password: form.password });
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
