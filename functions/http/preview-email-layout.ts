import { previewLayout } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  emailEndpoints["preview-email-layout"],
  services,
  async ({ principal, params, body }) => ({
    status: 200,
    body: await previewLayout(services(), principal, params.layoutId, body.draft),
  }),
);
