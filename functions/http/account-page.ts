import { signInPages } from "../../lib/api/sign-in-pages.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

const deps = (): Parameters<typeof getUser>[0] => ({ groups: groups(), users: users() });

/** Who am I: name, school and roles (as they are now), and the account's settings. */
export const handler = sessionPageFunction(
  sessionPageEndpoints["account-page"],
  { formTokens, settings, authentication },
  async ({ principal, school }) => {
    const user = await getUser(deps(), principal, principal.userId);
    return { status: 200, title: "Your account", body: signInPages.account(user, school, principal.roles) };
  },
);
