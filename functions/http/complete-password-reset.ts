import { completePasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  credentials,
  emailDeliveries,
  passwordResets,
  sessionRevocations,
  users,
} from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { hasher } from "../wiring/secrets.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof completePasswordReset>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  passwordResets: passwordResets(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  sessionRevocations: sessionRevocations(),
  users: users(),
});

export const handler = httpFunction(passwordResetEndpoints["complete-password-reset"], async ({ body }) => {
  const { username } = await completePasswordReset(deps(), body);
  return { status: 200, body: { status: "password-changed", username } };
});
