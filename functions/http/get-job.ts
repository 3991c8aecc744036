import { jobView } from "../../lib/api/views.js";
import { getJob } from "../../lib/app/jobs/get-job.js";
import { jobEndpoints } from "../../lib/endpoints/jobs.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { jobs } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getJob>[0] => ({
  jobs: jobs(),
});

export const handler = httpFunction(
  jobEndpoints["get-job"],
  authentication,
  async ({ principal, params }) => ({
    status: 200,
    body: jobView(await getJob(deps(), principal, params.jobId)),
  }),
);
