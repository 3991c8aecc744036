import { removeAuthenticator } from "../../lib/app/authenticators/removal.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, credentials } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { totp } from "../wiring/totp.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof removeAuthenticator>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  secretBox: secretBox(),
  totp: totp(),
});

export const handler = httpFunction(
  authenticatorEndpoints["remove-authenticator"],
  authentication,
  async ({ principal, params, body }) => {
    await removeAuthenticator(deps(), principal, { deviceId: params.deviceId, ...body });
    return { status: 204 };
  },
);
