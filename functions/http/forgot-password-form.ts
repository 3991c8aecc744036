import { resetPages } from "../../lib/api/reset-pages.js";
import { requestPasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { pageFunction } from "../middleware/page-function.js";
import { requestResetDeps as deps } from "../wiring/password-resets.js";

export const handler = pageFunction(
  passwordResetEndpoints["forgot-password-form"],
  async ({ form, sourceIp }) => {
    await requestPasswordReset(deps(), {
      tenantId: form.tenant,
      login: form.login,
      provider: form.provider,
      sourceIp,
    });
    return { status: 200, title: "Check your email", body: resetPages.forgotDone() };
  },
);
