import { jobPage, jobTitle } from "../../lib/api/console/jobs.js";
import { getJob } from "../../lib/app/jobs/get-job.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, jobs, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** A bulk job's page: progress (its state is the job's, so reloading or coming back shows it) and its report. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-job"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, csrf, timeZone }) => {
    const job = await getJob({ jobs: jobs() }, principal, params.jobId);
    // Who retrieved a one-time report, by name (not `user:<id>`).
    const by = /^user:(.+)$/.exec(job.report?.retrievedBy ?? "")?.[1];
    const retriever = by ? await users().get(principal.tenantId, by) : undefined;
    return {
      status: 200,
      title: jobTitle(job),
      body: jobPage({
        job,
        csrf,
        timeZone: timeZone ?? "Europe/London",
        retrievedBy: retriever && `${retriever.forename} ${retriever.surname}`,
      }),
    };
  },
);
