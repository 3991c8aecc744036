import { jobView } from "../../lib/api/views.js";
import { randomiseClassPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { classPinJobDeps } from "../wiring/pupil-pins.js";

export const handler = httpFunction(
  pupilPinEndpoints["randomise-class-pupil-pins"],
  authentication,
  async ({ principal, params, body }) => {
    const job = await randomiseClassPins(classPinJobDeps(), principal, params.groupId, body);
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
