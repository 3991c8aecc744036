import { parseGroupList } from "../../lib/api/console/group-picker.js";
import { startResetEmails } from "../../lib/app/password-resets/reset-email-job.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { startGroupEmailJobDeps } from "../wiring/group-email-jobs.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Starts the reset-email job over the picked groups (the use case authorises and audits) → 303 to its page. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-reset-emails-start"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    const job = await startResetEmails(startGroupEmailJobDeps(), principal, {
      groupIds: parseGroupList(form.groups),
    });
    return { redirect: `/console/jobs/${encodeURIComponent(job.jobId)}` };
  },
);
