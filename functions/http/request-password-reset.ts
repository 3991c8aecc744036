import { requestPasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { clock } from "../wiring/clock.js";
import { emailDeliveries, passwordResets, tenants, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { settings } from "../wiring/settings.js";
import { outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof requestPasswordReset>[0] => ({
  clock,
  emailDeliveries: emailDeliveries(),
  outbox: outbox(),
  passwordResets: passwordResets(),
  secretBox: secretBox(),
  settings: settings(),
  tenants: tenants(),
  users: users(),
});

/** The one answer to every reset request: it says nothing about whether an account matched. */
export const resetRequestedMessage =
  "If an account matches and can be reset by email, a link to choose a new password is on its way.";

export const handler = httpFunction(passwordResetEndpoints["request-password-reset"], async ({ body }) => {
  await requestPasswordReset(deps(), body);
  return { status: 202, body: { message: resetRequestedMessage } };
});
