import { pinCodePage } from "../../lib/api/console/pin-codes.js";
import { problemsOf } from "../../lib/api/console/preferences.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { assignPinCode } from "../../lib/app/pin-codes/assign-pin-code.js";
import { getTenant } from "../../lib/app/tenant/tenant-settings.js";
import { AuthenticationError, ValidationError } from "../../lib/domain/errors.js";
import { defaultTimeZone } from "../../lib/domain/model.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, tenants, users } from "../wiring/dynamodb.js";
import { assignPinCodeDeps } from "../wiring/pin-codes.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * Assigns (or regenerates) a user's PIN code and emails it, to the user or a colleague's verified address, confirmed
 * with the admin's password (as `POST /v1/users/{userId}/pin-code`): 303 back with a message. A wrong password or
 * an address the code may not go to shows the page again with the reason; the code is never shown.
 */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-pin-code-assign"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, params, form, timeZone }) => {
    authorize(principal, "users:pin-codes");
    const to = form.recipient === "other" ? (form.to ?? "").trim() : undefined;
    let status: number;
    let problems: Record<string, string[]>;
    try {
      if (to === "") {
        const detail = "give the colleague's address to send the PIN code to";
        throw new ValidationError("No address to send the PIN code to.", [{ pointer: "/to", detail }]);
      }
      const deps = assignPinCodeDeps();
      await assignPinCode(deps, principal, params.userId, { to, password: form.password || undefined });
      return { redirect: `/console/users/${params.userId}/pin-code?done=assigned` };
    } catch (error) {
      if (error instanceof ValidationError) {
        status = 422;
        problems = problemsOf(error.errors, error.message);
      } else if (error instanceof AuthenticationError) {
        status = 401;
        problems = { password: ["Your password was not accepted: nothing was assigned or sent."] };
      } else throw error;
    }
    const user = await getUser({ users: users(), groups: groups() }, principal, params.userId);
    const body = pinCodePage({
      user,
      pinCodeLogin: (await getTenant({ tenants: tenants() }, principal)).preferences.pinCodeLogin,
      csrf,
      timeZone: timeZone ?? defaultTimeZone,
      problems,
      typed: { recipient: form.recipient, to: form.to },
    });
    return { status, title: `PIN code of ${user.forename} ${user.surname}`, body };
  },
);
