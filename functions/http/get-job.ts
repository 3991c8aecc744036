import { jobView } from "../../lib/api/views.js";
import { getJob } from "../../lib/app/jobs/get-job.js";
import { jobEndpoints } from "../../lib/endpoints/jobs.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(jobEndpoints["get-job"], services, async ({ principal, params }) => ({
  status: 200,
  body: jobView(await getJob(services(), principal, params.jobId)),
}));
