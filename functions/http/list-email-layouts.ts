import { contracts } from "../../lib/api/contracts.js";
import { listLayouts } from "../../lib/app/emails/email-layouts.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["list-email-layouts"], services, async ({ principal }) => ({
  status: 200,
  body: { items: await listLayouts(services(), principal) },
}));
