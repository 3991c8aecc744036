import { revokePinCode } from "../../lib/app/pin-codes/revoke-pin-code.js";
import { consolePreferencesEndpoints } from "../../lib/endpoints/console-preferences.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, pinCodes, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Revokes a user's PIN code (as `DELETE /v1/users/{userId}/pin-code`), then back to the page with a message. */
export const handler = sessionPageFunction(
  consolePreferencesEndpoints["console-pin-code-revoke"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params }) => {
    await revokePinCode(
      { audit: audit(), clock, pinCodes: pinCodes(), users: users() },
      principal,
      params.userId,
    );
    return { redirect: `/console/users/${params.userId}/pin-code?done=revoked` };
  },
);
