import { jobView } from "../../lib/api/views.js";
import { randomiseClassPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { groups, jobSecrets, jobs, tenants } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof randomiseClassPins>[0] => ({
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  secretBox: secretBox(),
  tenants: tenants(),
});

export const handler = httpFunction(
  pupilPinEndpoints["randomise-class-pupil-pins"],
  authentication,
  async ({ principal, params, body }) => {
    const job = await randomiseClassPins(deps(), principal, params.groupId, body);
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
