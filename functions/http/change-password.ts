import { changePassword } from "../../lib/app/sessions/change-password.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { credentials, emailDeliveries, sessionRevocations, users } from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { hasher } from "../wiring/secrets.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof changePassword>[0] => ({
  clock,
  credentials: credentials(),
  sessionRevocations: sessionRevocations(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  users: users(),
});

export const handler = httpFunction(
  sessionEndpoints["change-password"],
  authentication,
  async ({ principal, body }) => {
    await changePassword(deps(), principal, body);
    return { status: 204 };
  },
);
