import { jobProgress } from "../../lib/api/console/jobs.js";
import { getJob } from "../../lib/app/jobs/get-job.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { jobs } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A job's progress for its page's script: `{ done, total, text, finished }` (counts only, never a secret). */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-job-progress"],
  { formTokens, settings, authentication },
  async ({ principal, params }) => {
    const job = await getJob({ jobs: jobs() }, principal, params.jobId);
    return { json: jobProgress(job) };
  },
);
