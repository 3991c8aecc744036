import { parseGroupList } from "../../lib/api/console/group-picker.js";
import { regenerateConfirm } from "../../lib/api/console/regenerate.js";
import { previewRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { newIdempotencyKey } from "../../lib/domain/idempotency.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Regenerate, step 2: how many passwords the picked groups give (the preview use case); own password; start. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-regenerate-confirm"],
  { formTokens, settings, authentication, identities },
  async ({ principal, query, csrf }) => {
    const groupIds = parseGroupList(query.groups);
    const preview = await previewRegeneration({ groups: groups(), users: users() }, principal, groupIds);
    return {
      status: 200,
      title: "Confirm the regeneration",
      body: regenerateConfirm({ groupIds, preview, csrf, idempotencyKey: newIdempotencyKey() }),
    };
  },
);
