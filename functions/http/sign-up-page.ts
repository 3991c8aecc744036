import { signUpPages } from "../../lib/api/sign-up-pages.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { pageFunction } from "../middleware/page-function.js";

export const handler = pageFunction(pinCodeEndpoints["sign-up-page"], async ({ query }) => ({
  status: 200,
  title: "Sign up with a PIN code",
  body: signUpPages.form(query.tenant),
}));
