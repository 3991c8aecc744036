import { saveLayout } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  emailEndpoints["save-email-layout"],
  services,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await saveLayout(services(), principal, { layoutId: params.layoutId, ...body }),
  }),
);
