import { getEmail } from "../../lib/app/emails/email-status.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { emailDeliveries } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getEmail>[0] => ({
  emailDeliveries: emailDeliveries(),
});

export const handler = httpFunction(
  emailEndpoints["get-email"],
  authentication,
  async ({ principal, params }) => ({
    status: 200,
    body: await getEmail(deps(), principal, params.emailId),
  }),
);
