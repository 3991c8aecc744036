import { contracts } from "../../lib/api/contracts.js";
import { listEmails } from "../../lib/app/emails/email-status.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["list-emails"], services, async ({ principal, query }) => ({
  status: 200,
  body: await listEmails(services(), principal, query),
}));
