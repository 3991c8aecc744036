import { userAbilities, userPage } from "../../lib/api/console/users.js";
import { userAccount } from "../../lib/app/directory/user-account.js";
import { resetSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { AuthenticationError, ValidationError } from "../../lib/domain/errors.js";
import { consoleUsersEndpoints } from "../../lib/endpoints/console-users.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { resetSsoPinDeps } from "../wiring/sso-pins.js";

/** Reset SSO PIN, confirmed with the admin's own password: 303 with the success message, or the page saying why not. */
export const handler = sessionPageFunction(
  consoleUsersEndpoints["console-user-reset-sso-pin"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form, csrf, timeZone }) => {
    const deps = { ...resetSsoPinDeps(), groups: groups() };
    try {
      await resetSsoPin(deps, principal, { userId: params.userId, password: form.password || undefined });
      return { redirect: `/console/users/${encodeURIComponent(params.userId)}?done=sso-pin-reset` };
    } catch (error) {
      const refused =
        error instanceof AuthenticationError
          ? { status: 401, problem: "Your password was not accepted: the SSO PIN was not reset." }
          : error instanceof ValidationError
            ? { status: 422, problem: `${error.message} The SSO PIN was not reset.` }
            : undefined;
      if (!refused) throw error;
      const account = await userAccount(deps, principal, params.userId);
      const may = userAbilities(principal, account.user);
      const tz = timeZone ?? "Europe/London";
      const body = userPage({ ...account, may, csrf, timeZone: tz, problem: refused.problem });
      return { status: refused.status, title: `${account.user.forename} ${account.user.surname}`, body };
    }
  },
);
