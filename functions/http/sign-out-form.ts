import { clearCookie } from "../../lib/api/page-cookies.js";
import { signOut } from "../../lib/app/sessions/sign-out.js";
import { sessionPageEndpoints } from "../../lib/endpoints/session-pages.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { sessionRevocations } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Signs out the cookie's session (its token stops working everywhere, the API too) and clears the cookie. */
export const handler = sessionPageFunction(
  sessionPageEndpoints["sign-out-form"],
  { formTokens, settings, authentication },
  async ({ principal }) => {
    await signOut({ clock, sessionRevocations: sessionRevocations() }, principal);
    return { redirect: signInPath(principal.tenantId), cookies: [clearCookie("session")] };
  },
);
