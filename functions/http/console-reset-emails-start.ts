import { parseGroupList } from "../../lib/api/console/group-picker.js";
import { startResetEmails } from "../../lib/app/password-resets/reset-email-job.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { idempotentPage } from "../middleware/idempotent.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { idempotency, identities } from "../wiring/dynamodb.js";
import { startGroupEmailJobDeps } from "../wiring/group-email-jobs.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

const endpoint = consolePasswordToolsEndpoints["console-reset-emails-start"];

/** Starts the reset-email job over the picked groups (the use case authorises and audits) → 303 to its page. */
export const handler = sessionPageFunction(
  endpoint,
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form }) =>
    // A double-click or a reload of this POST gives the first submission's job: nobody is emailed twice.
    idempotentPage(
      { store: idempotency, clock },
      endpoint,
      { principal, params, form, idempotencyKey: form.idempotencyKey },
      async () => {
        const job = await startResetEmails(startGroupEmailJobDeps(), principal, {
          groupIds: parseGroupList(form.groups),
        });
        return { redirect: `/console/jobs/${encodeURIComponent(job.jobId)}` };
      },
    ),
);
