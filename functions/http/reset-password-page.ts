import { resetPages } from "../../lib/api/reset-pages.js";
import { resetLinkLogin } from "../../lib/app/password-resets/password-reset.js";
import { GoneError } from "../../lib/domain/errors.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { pageFunction } from "../middleware/page-function.js";
import { clock } from "../wiring/clock.js";
import { identities, passwordResets, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof resetLinkLogin>[0] => ({
  clock,
  identities: identities(),
  passwordResets: passwordResets(),
  users: users(),
});

/** Opening the link only reads: the form, or a clear page when the link expired or was used. */
export const handler = pageFunction(passwordResetEndpoints["reset-password-page"], async ({ query }) => {
  try {
    const login = await resetLinkLogin(deps(), query.token);
    return {
      status: 200,
      title: "Choose a new password",
      body: resetPages.resetForm(query.token, login),
    };
  } catch (error) {
    if (!(error instanceof GoneError)) throw error;
    return { status: 410, title: "This link no longer works", body: resetPages.linkUnusable(error.message) };
  }
});
