import { getLayout } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { layouts } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getLayout>[0] => ({
  layouts: layouts(),
});

export const handler = httpFunction(
  emailEndpoints["get-email-layout"],
  authentication,
  async ({ principal, params }) => ({
    status: 200,
    body: await getLayout(deps(), principal, params.layoutId),
  }),
);
