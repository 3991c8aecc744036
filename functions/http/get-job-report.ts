import { reportCsv, reportHtml } from "../../lib/api/report-formats.js";
import { retrieveJobReport } from "../../lib/app/jobs/job-report.js";
import { jobEndpoints } from "../../lib/endpoints/jobs.js";
import { type HttpOutput, httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  jobEndpoints["get-job-report"],
  services,
  async ({ principal, params, query }): Promise<HttpOutput> => {
    const report = await retrieveJobReport(services(), principal, params.jobId);
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
          text: reportHtml(report),
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
