import { unclaimedPage as renderUnclaimed } from "../../lib/api/console/password-tools.js";
import { revealTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { unclaimedScreen } from "../../lib/app/temporary-passwords/unclaimed-pages.js";
import { AuthenticationError, ValidationError } from "../../lib/domain/errors.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { groups, identities, temporaryPasswords, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { revealDeps } from "../wiring/temporary-passwords.js";

/**
 * Show: the unclaimed list again (same search, sort and page) with one row's temporary password, revealed by the
 * existing use case (site admins, own password, audited). A missing or wrong own password: the list with the
 * refusal, nothing shown. Hide is the list's own address (a GET), so the password never sits in an address.
 */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-unclaimed-show"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form, csrf, timeZone }) => {
    const listDeps = { clock, groups: groups(), temporaryPasswords: temporaryPasswords(), users: users() };
    const { userId, password, ...query } = form;
    // The list first: a bad filter (another school's group) is refused before anything is revealed.
    const screen = await unclaimedScreen(listDeps, principal, query);
    let revealed: { userId: string; password: string } | undefined;
    let error: string | undefined;
    let status = 200;
    try {
      const shown = await revealTemporaryPassword(revealDeps(), principal, {
        userId,
        password: password || undefined,
      });
      revealed = { userId, password: shown.password };
    } catch (e) {
      if (e instanceof ValidationError) {
        [error, status] = ["Enter your own password above the list, then choose Show.", 422];
      } else if (e instanceof AuthenticationError) {
        [error, status] = ["That is not your password: nothing was shown.", 401];
      } else throw e;
    }
    return {
      status,
      title: "Unclaimed users",
      body: renderUnclaimed({ ...screen, csrf, timeZone: timeZone ?? "Europe/London", revealed, error }),
    };
  },
);
