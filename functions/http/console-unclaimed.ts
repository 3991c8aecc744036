import { unclaimedPage as renderUnclaimed } from "../../lib/api/console/password-tools.js";
import { unclaimedScreen } from "../../lib/app/temporary-passwords/unclaimed-pages.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { groups, identities, temporaryPasswords, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Unclaimed users: passwords hidden, searched, filtered, sorted across all pages. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-unclaimed"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, csrf, timeZone }) => {
    const deps = { clock, groups: groups(), temporaryPasswords: temporaryPasswords(), users: users() };
    const screen = await unclaimedScreen(deps, principal, query);
    return {
      status: 200,
      title: "Unclaimed users",
      body: renderUnclaimed({ ...screen, csrf, timeZone: timeZone ?? "Europe/London" }),
    };
  },
);
