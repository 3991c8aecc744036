import { previewRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["preview-regeneration"],
  services,
  async ({ principal, body }) => ({
    status: 200,
    body: await previewRegeneration(services(), principal, body.groupIds),
  }),
);
