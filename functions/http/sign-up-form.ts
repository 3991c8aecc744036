import { signUpPages } from "../../lib/api/sign-up-pages.js";
import { signUpWithPinCode } from "../../lib/app/pin-codes/sign-up-with-pin-code.js";
import { DomainError } from "../../lib/domain/errors.js";
import { pinCodeEndpoints } from "../../lib/endpoints/pin-codes.js";
import { statusOf } from "../middleware/problem-details.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { signUpDeps as deps } from "../wiring/sign-ups.js";

const title = "Sign up with a PIN code";
const apiBody = pinCodeEndpoints["sign-up-with-pin-code"].body;

/** The hosted page is the web tier: it signs up as the `web` client. A refusal shows the form again with the reason. */
export const handler = sessionPageFunction(
  pinCodeEndpoints["sign-up-form"],
  { formTokens, settings },
  async ({ form, sourceIp, csrf }) => {
    const values = {
      email: form.email,
      username: form.username,
      forename: form.forename || undefined,
      surname: form.surname || undefined,
    };
    const shell = { school: (await deps().tenants.get(form.tenant))?.name };
    const again = (status: number, messages: string[]) => ({
      status,
      title,
      shell,
      body: signUpPages.form(form.tenant, csrf, values, messages),
    });
    const parsed = apiBody.safeParse({
      tenantId: form.tenant,
      pinCode: form.pinCode,
      client: "web",
      ...values,
    });
    if (!parsed.success) {
      return again(
        400,
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      );
    }
    try {
      const created = await signUpWithPinCode(deps(), { ...parsed.data, sourceIp });
      return {
        status: 201,
        title: "User created",
        shell,
        body: signUpPages.done(created.username, created.email),
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return again(statusOf(error), [error.message]);
    }
  },
);
