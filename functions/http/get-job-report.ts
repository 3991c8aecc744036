import { reportCsv, reportHtml } from "../../lib/api/report-formats.js";
import { retrieveJobReport } from "../../lib/app/jobs/job-report.js";
import { timeZoneOf } from "../../lib/domain/model.js";
import { jobEndpoints } from "../../lib/endpoints/jobs.js";
import { type HttpOutput, httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  groups,
  jobSecrets,
  jobs,
  pupilPins,
  temporaryPasswords,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof retrieveJobReport>[0] => ({
  audit: audit(),
  clock,
  groups: groups(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  pupilPins: pupilPins(),
  secretBox: secretBox(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});

/** The school's name and time zone, for the printable slips. */
async function schoolOf(tenantId: string) {
  const tenant = await tenants().get(tenantId);
  return tenant ? { name: tenant.name, timeZone: timeZoneOf(tenant) } : undefined;
}

export const handler = httpFunction(
  jobEndpoints["get-job-report"],
  authentication,
  async ({ principal, params, query }): Promise<HttpOutput> => {
    const report = await retrieveJobReport(deps(), principal, params.jobId);
    const name = `${report.kind}-${report.jobId}`;
    switch (query.format) {
      case "csv":
        return {
          status: 200,
          text: reportCsv(report),
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="${name}.csv"`,
          },
        };
      case "html":
        return {
          status: 200,
          text: reportHtml(report, await schoolOf(principal.tenantId)),
          headers: {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
            "x-robots-tag": "noindex",
          },
        };
      default:
        return { status: 200, body: report };
    }
  },
);
