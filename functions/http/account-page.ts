import { accountDone } from "../../lib/api/console/account.js";
import { doneMessage, flash } from "../../lib/api/console/ui.js";
import { html } from "../../lib/api/html.js";
import { signInPages } from "../../lib/api/sign-in-pages.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

const deps = (): Parameters<typeof getUser>[0] => ({ groups: groups(), users: users() });

/**
 * Who am I: name, school and roles (as they are now, less any withheld for basic access, which it says), and the
 * account's settings; a Latchkey ID session's header has the school switcher.
 */
export const handler = sessionPageFunction(
  sessionPageEndpoints["account-page"],
  { formTokens, settings, authentication, identities },
  async ({ principal, school, query }) => {
    const user = await getUser(deps(), principal, principal.userId);
    const body = html`${flash(doneMessage(accountDone, query.done))}${signInPages.basicAccess(principal.withheldRoles ?? [])}${signInPages.account(user, school, principal.roles, principal.identity)}`;
    return { status: 200, title: "Your account", body };
  },
);
