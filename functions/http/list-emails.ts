import { listEmails } from "../../lib/app/emails/email-status.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  emailEndpoints["list-emails"],
  services,
  async ({ principal, query }) => ({
    status: 200,
    body: await listEmails(services(), principal, query),
  }),
);
