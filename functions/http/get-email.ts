import { getEmail } from "../../lib/app/emails/email-status.js";
import { emailEndpoints } from "../../lib/endpoints/emails.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(emailEndpoints["get-email"], services, async ({ principal, params }) => ({
  status: 200,
  body: await getEmail(services(), principal, params.emailId),
}));
