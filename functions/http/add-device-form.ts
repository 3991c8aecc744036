import { qrCodeSvg } from "../../lib/api/qr-code.js";
import { securityPages } from "../../lib/api/security-pages.js";
import { startEnrolment } from "../../lib/app/authenticators/authenticators.js";
import { securityKeyPageEndpoints } from "../../lib/endpoints/security-key-pages.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { authenticators, identities, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { totp } from "../wiring/totp.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof startEnrolment>[0] => ({
  authenticators: authenticators(),
  clock,
  secretBox: secretBox(),
  totp: totp(),
  users: users(),
});

/**
 * "Add new device": a pending authenticator (10 minutes) and the page with its QR code as inline SVG and its key,
 * answered to this POST only (never cached, never in an address); then the name and current code.
 */
export const handler = sessionPageFunction(
  securityKeyPageEndpoints["add-device-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf }) => {
    const started = await startEnrolment(deps(), principal);
    const qrSvg = await qrCodeSvg(started.otpauthUri);
    return {
      status: 200,
      title: "Add new device",
      body: securityPages.addDevice(
        { deviceId: started.deviceId, otpauthUri: started.otpauthUri, qrSvg },
        csrf,
      ),
    };
  },
);
