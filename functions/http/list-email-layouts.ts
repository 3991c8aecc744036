import { listLayouts } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  emailEndpoints["list-email-layouts"],
  services,
  async ({ principal }) => ({
    status: 200,
    body: { items: await listLayouts(services(), principal) },
  }),
);
