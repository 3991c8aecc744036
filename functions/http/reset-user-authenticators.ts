import { resetAuthenticators } from "../../lib/app/authenticators/removal.js";
import { authenticatorEndpoints } from "../../lib/endpoints/authenticators.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, authenticators, credentials, emailDeliveries, users } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { hasher } from "../wiring/secrets.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof resetAuthenticators>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  users: users(),
});

export const handler = httpFunction(
  authenticatorEndpoints["reset-user-authenticators"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await resetAuthenticators(deps(), principal, { userId: params.userId, password: body.password }),
  }),
);
