import { resetPages } from "../../lib/api/reset-pages.js";
import { requestPasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { pageFunction } from "../middleware/page-function.js";
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

export const handler = pageFunction(passwordResetEndpoints["forgot-password-form"], async ({ form }) => {
  await requestPasswordReset(deps(), { tenantId: form.tenant, login: form.login });
  return { status: 200, title: "Check your email", body: resetPages.forgotDone() };
});
