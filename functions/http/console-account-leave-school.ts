import { clearCookie } from "../../lib/api/page-cookies.js";
import { leaveMembership } from "../../lib/app/identities/consent.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction, signInPath } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof leaveMembership>[0] => ({
  audit: audit(),
  clock,
  identities: identities(),
  sessionRevocations: sessionRevocations(),
});

/**
 * Leave one of your Latchkey ID's schools (the API's `leaveMembership`: Latchkey ID sessions only, audited, that
 * school's sessions end), after ticking the confirmation. Leaving this session's own school signs you out here.
 */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-account-leave-school"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    if (form.confirm !== "yes") {
      throw new PageProblem(422, ["Tick the box to confirm that you want to leave that school."]);
    }
    await leaveMembership(deps(), principal, form.tenantId);
    if (form.tenantId === principal.tenantId) {
      return { redirect: signInPath(), cookies: [clearCookie("session")] };
    }
    return { redirect: "/account/schools?done=left" };
  },
);
