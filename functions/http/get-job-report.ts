import { reportCsv, reportHtml } from "../../lib/api/report-formats.js";
import { retrieveJobReport } from "../../lib/app/jobs/job-report.js";
import { timeZoneOf } from "../../lib/domain/model.js";
import { jobEndpoints } from "../../lib/endpoints/jobs.js";
import { type HttpOutput, httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { tenants } from "../wiring/dynamodb.js";
import { jobReportDeps } from "../wiring/jobs.js";

/** The school's name and time zone, for the printable slips. */
async function schoolOf(tenantId: string) {
  const tenant = await tenants().get(tenantId);
  return tenant ? { name: tenant.name, timeZone: timeZoneOf(tenant) } : undefined;
}

export const handler = httpFunction(
  jobEndpoints["get-job-report"],
  authentication,
  async ({ principal, params, query }): Promise<HttpOutput> => {
    const report = await retrieveJobReport(jobReportDeps(), principal, params.jobId);
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
