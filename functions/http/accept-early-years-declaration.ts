import { jobView } from "../../lib/api/views.js";
import { acceptEarlyYearsDeclaration } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { earlyYearsDeps } from "../wiring/pupil-pins.js";

export const handler = httpFunction(
  pupilPinEndpoints["accept-early-years-declaration"],
  authentication,
  async ({ principal, body }) => {
    const { earlyYears, job } = await acceptEarlyYearsDeclaration(earlyYearsDeps(), principal, body);
    return {
      status: 202,
      body: { earlyYears, ...(job && { job: jobView(job) }) },
      ...(job && { headers: { location: `/v1/jobs/${job.jobId}` } }),
    };
  },
);
