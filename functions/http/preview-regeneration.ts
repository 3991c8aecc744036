import { contracts } from "../../lib/api/contracts.js";
import { previewRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["preview-regeneration"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await previewRegeneration(services(), principal, body.groupIds),
  }),
);
