import { listEmails } from "../../lib/app/emails/email-status.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { emailDeliveries } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listEmails>[0] => ({
  emailDeliveries: emailDeliveries(),
});

export const handler = httpFunction(
  emailEndpoints["list-emails"],
  authentication,
  async ({ principal, query }) => ({
    status: 200,
    body: await listEmails(deps(), principal, query),
  }),
);
