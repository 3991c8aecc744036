import { contracts } from "../../lib/api/contracts.js";
import { importDefaultLayouts } from "../../lib/app/emails/email-layouts.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["import-email-layouts"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await importDefaultLayouts(services(), principal, body),
  }),
);
