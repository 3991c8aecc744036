import { slipsPage, unreachablePage } from "../../lib/api/console/job-report.js";
import { againHref } from "../../lib/api/console/jobs.js";
import { html } from "../../lib/api/html.js";
import { getJob } from "../../lib/app/jobs/get-job.js";
import { retrieveJobReport } from "../../lib/app/jobs/job-report.js";
import { GoneError } from "../../lib/domain/errors.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities, jobs } from "../wiring/dynamodb.js";
import { jobReportDeps } from "../wiring/jobs.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/**
 * "Open the report": the job's report through the existing one-time retrieval (its use cases decide who may read
 * it). Slips for A4 printing with the school's sign-in address and local times; a report already retrieved says so
 * and offers new passwords for the same groups (or new PINs).
 */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-job-report"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, school, timeZone }) => {
    const zone = timeZone ?? "Europe/London";
    const deps = jobReportDeps();
    try {
      const report = await retrieveJobReport(deps, principal, params.jobId);
      if (report.kind === "temporary-passwords" || report.kind === "pupil-pins") {
        const base = settings().publicBaseUrl.replace(/\/+$/, "");
        const signInUrl = `${base}/sign-in?tenant=${encodeURIComponent(principal.tenantId)}`;
        const title = report.kind === "pupil-pins" ? "Pupil PIN slips" : "Temporary password slips";
        return {
          status: 200,
          title,
          body: slipsPage({ report, school: school ?? principal.tenantId, signInUrl, timeZone: zone }),
        };
      }
      const title = report.kind === "reset-emails" ? "Reset email report" : "Verification email report";
      const job = await getJob({ jobs: jobs() }, principal, params.jobId);
      return {
        status: 200,
        title,
        body: unreachablePage({ report, timeZone: zone, regenerateHref: againHref(job) }),
      };
    } catch (error) {
      if (!(error instanceof GoneError)) throw error;
      const job = await getJob({ jobs: jobs() }, principal, params.jobId);
      const pins = job.type === "pupil-pins";
      return {
        status: 410,
        title: "Report already retrieved",
        body: html`<div class="warn" role="status"><p>${error.message}</p></div><p><a class="button" href="${againHref(job)}">${
          pins ? "Generate new PINs" : "Regenerate passwords for these groups"
        }</a></p><p><a href="/console/jobs/${job.jobId}">Back to the job</a></p>`,
      };
    }
  },
);
