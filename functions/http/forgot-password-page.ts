import { contracts } from "../../lib/api/contracts.js";
import { resetPages } from "../../lib/api/reset-pages.js";
import { pageFunction } from "../middleware/page-function.js";

export const handler = pageFunction(contracts["forgot-password-page"], async ({ query }) => ({
  status: 200,
  title: "Forgot your password?",
  body: resetPages.forgotForm(query.tenant),
}));
