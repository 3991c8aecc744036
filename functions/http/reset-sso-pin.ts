import { resetSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, credentials, emailDeliveries, ssoPins, users } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { hasher } from "../wiring/secrets.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof resetSsoPin>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  ssoPins: ssoPins(),
  users: users(),
});

export const handler = httpFunction(
  ssoPinEndpoints["reset-sso-pin"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await resetSsoPin(deps(), principal, { userId: params.userId, password: body.password }),
  }),
);
