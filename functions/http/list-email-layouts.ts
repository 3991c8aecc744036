import { listLayouts } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { layouts } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof listLayouts>[0] => ({
  layouts: layouts(),
});

export const handler = httpFunction(
  emailEndpoints["list-email-layouts"],
  authentication,
  async ({ principal }) => ({
    status: 200,
    body: { items: await listLayouts(deps(), principal) },
  }),
);
