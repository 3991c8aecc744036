import { previewLayout } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { layouts, tenants } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof previewLayout>[0] => ({
  layouts: layouts(),
  tenants: tenants(),
});

export const handler = httpFunction(
  emailEndpoints["preview-email-layout"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await previewLayout(deps(), principal, params.layoutId, body.draft),
  }),
);
