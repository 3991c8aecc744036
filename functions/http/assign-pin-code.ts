import { assignPinCode } from "../../lib/app/pin-codes/assign-pin-code.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, credentials, emailDeliveries, pinCodes, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof assignPinCode>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  pinCodes: pinCodes(),
  secretBox: secretBox(),
  settings: settings(),
  users: users(),
});

export const handler = httpFunction(
  pinCodeEndpoints["assign-pin-code"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await assignPinCode(deps(), principal, params.userId, body),
  }),
);
