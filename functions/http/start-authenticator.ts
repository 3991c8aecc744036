import { qrCodeDataUrl } from "../../lib/api/qr-code.js";
import { startEnrolment } from "../../lib/app/authenticators/authenticators.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { authenticators, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { totp } from "../wiring/totp.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof startEnrolment>[0] => ({
  authenticators: authenticators(),
  clock,
  secretBox: secretBox(),
  totp: totp(),
  users: users(),
});

export const handler = httpFunction(
  authenticatorEndpoints["start-authenticator"],
  authentication,
  async ({ principal }) => {
    const started = await startEnrolment(deps(), principal);
    return {
      status: 201,
      body: {
        deviceId: started.deviceId,
        otpauthUri: started.otpauthUri,
        qrCode: await qrCodeDataUrl(started.otpauthUri),
        expiresAt: started.expiresAt.toISOString(),
      },
    };
  },
);
