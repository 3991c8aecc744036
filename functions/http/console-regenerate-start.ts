import { parseGroupList } from "../../lib/api/console/group-picker.js";
import { regenerateConfirm } from "../../lib/api/console/regenerate.js";
import {
  previewRegeneration,
  startRegeneration,
} from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { config } from "../../lib/config.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { newIdempotencyKey } from "../../lib/domain/idempotency.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { idempotentPage } from "../middleware/idempotent.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { idempotency, identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { regenerationStartDeps } from "../wiring/temporary-passwords.js";

const endpoint = consolePasswordToolsEndpoints["console-regenerate-start"];

/**
 * Regenerate, step 3: start the job with the admin's own password (the use case re-authenticates, takes the
 * tenant's lock and queues it) → 303 to the job's page. A wrong password: the confirmation again, nothing started.
 */
export const handler = sessionPageFunction(
  endpoint,
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form, csrf }) => {
    const groupIds = parseGroupList(form.groups);
    const deps = regenerationStartDeps();
    authorize(principal, "passwords:generate");
    const refuse = async (status: number, message: string) => {
      const preview = await previewRegeneration(deps, principal, groupIds);
      return {
        status,
        title: "Confirm the regeneration",
        body: regenerateConfirm({
          groupIds,
          preview,
          csrf,
          idempotencyKey: newIdempotencyKey(),
          error: message,
        }),
      };
    };
    if (!form.password) return refuse(422, "Enter your own password to confirm.");
    const password = form.password;
    // A double-click or a reload of this POST: the first submission's job, not a second run voiding its slips.
    return idempotentPage(
      { store: idempotency, clock },
      endpoint,
      { principal, params, form, idempotencyKey: form.idempotencyKey },
      async () => {
        try {
          const job = await startRegeneration(
            deps,
            principal,
            { groupIds, password },
            { chunkSize: config().REGENERATION_CHUNK_SIZE },
          );
          return { redirect: `/console/jobs/${encodeURIComponent(job.jobId)}` };
        } catch (error) {
          if (!(error instanceof AuthenticationError)) throw error;
          return refuse(401, "That is not your password: nothing was started.");
        }
      },
    );
  },
);
