import { previewRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof previewRegeneration>[0] => ({
  groups: groups(),
  users: users(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["preview-regeneration"],
  authentication,
  async ({ principal, body }) => ({
    status: 200,
    body: await previewRegeneration(deps(), principal, body.groupIds),
  }),
);
