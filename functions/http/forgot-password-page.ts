import { resetPages } from "../../lib/api/reset-pages.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { pageFunction } from "../middleware/page-function.js";

export const handler = pageFunction(passwordResetEndpoints["forgot-password-page"], async ({ query }) => ({
  status: 200,
  title: "Forgot your password?",
  body: resetPages.forgotForm(query.tenant),
}));
