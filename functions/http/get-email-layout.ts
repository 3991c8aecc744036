import { contracts } from "../../lib/api/contracts.js";
import { getLayout } from "../../lib/app/emails/email-layouts.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["get-email-layout"],
  services,
  async ({ principal, params }) => ({
    status: 200,
    body: await getLayout(services(), principal, params.layoutId),
  }),
);
