import { resetPages } from "../../lib/api/reset-pages.js";
import { completePasswordReset, resetLinkLogin } from "../../lib/app/password-resets/password-reset.js";
import { GoneError, ValidationError } from "../../lib/domain/errors.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { pageFunction } from "../middleware/page-function.js";
import { completeResetDeps as deps } from "../wiring/password-resets.js";

/** Sets the password; a refused password shows the form again (the link still works), a dead link says so. */
export const handler = pageFunction(passwordResetEndpoints["reset-password-form"], async ({ form }) => {
  const again = async (messages: string[]) => {
    const login = await resetLinkLogin(deps(), form.token);
    return {
      status: 422,
      title: "Choose a new password",
      body: resetPages.resetForm(form.token, login, messages),
    };
  };
  try {
    if (form.newPassword !== form.confirmPassword)
      return await again(["The two passwords are not the same."]);
    const { username } = await completePasswordReset(deps(), form);
    return { status: 200, title: "Password changed", body: resetPages.resetDone(username) };
  } catch (error) {
    if (error instanceof GoneError) {
      return {
        status: 410,
        title: "This link no longer works",
        body: resetPages.linkUnusable(error.message),
      };
    }
    if (error instanceof ValidationError) {
      return await again(error.errors.map((e) => `The new password ${e.detail}.`));
    }
    throw error;
  }
});
