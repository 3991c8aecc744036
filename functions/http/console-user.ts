import { userAbilities, userPage } from "../../lib/api/console/users.js";
import { userAccount } from "../../lib/app/directory/user-account.js";
import { consoleUsersEndpoints } from "../../lib/endpoints/console-users.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, ssoPins, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A user's page: details, SSO PIN state, and the actions the signed-in person may take on them. */
export const handler = sessionPageFunction(
  consoleUsersEndpoints["console-user"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, query, csrf, timeZone }) => {
    const account = await userAccount(
      { users: users(), groups: groups(), ssoPins: ssoPins() },
      principal,
      params.userId,
    );
    const body = userPage({
      ...account,
      may: userAbilities(principal, account.user),
      csrf,
      timeZone: timeZone ?? "Europe/London",
      done: query.done,
    });
    return { status: 200, title: `${account.user.forename} ${account.user.surname}`, body };
  },
);
