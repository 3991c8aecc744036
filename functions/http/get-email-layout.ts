import { getLayout } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  emailEndpoints["get-email-layout"],
  services,
  async ({ principal, params }) => ({
    status: 200,
    body: await getLayout(services(), principal, params.layoutId),
  }),
);
