import { signUpPages } from "../../lib/api/sign-up-pages.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { tenants } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The sign-up form, under the school's name. */
export const handler = sessionPageFunction(
  pinCodeEndpoints["sign-up-page"],
  { formTokens, settings },
  async ({ query, csrf }) => ({
    status: 200,
    title: "Sign up with a PIN code",
    shell: { school: (await tenants().get(query.tenant))?.name },
    body: signUpPages.form(query.tenant, csrf),
  }),
);
