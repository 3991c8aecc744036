import { contracts } from "../../lib/api/contracts.js";
import { jobView } from "../../lib/api/views.js";
import { getJob } from "../../lib/app/jobs/get-job.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["get-job"], services, async ({ principal, params }) => ({
  status: 200,
  body: jobView(await getJob(services(), principal, params.jobId)),
}));
