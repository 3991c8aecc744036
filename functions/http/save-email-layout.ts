import { saveLayout } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, layouts, tenants } from "../wiring/dynamodb.js";
import { templatePublisher } from "../wiring/ses.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof saveLayout>[0] => ({
  audit: audit(),
  clock,
  layouts: layouts(),
  templatePublisher: templatePublisher(),
  tenants: tenants(),
});

export const handler = httpFunction(
  emailEndpoints["save-email-layout"],
  authentication,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await saveLayout(deps(), principal, { layoutId: params.layoutId, ...body }),
  }),
);
