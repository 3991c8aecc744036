import { importDefaultLayouts } from "../../lib/app/emails/email-layouts.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  emailEndpoints["import-email-layouts"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await importDefaultLayouts(services(), principal, body),
  }),
);
