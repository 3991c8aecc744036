import { jobView } from "../../lib/api/views.js";
import { acceptEarlyYearsDeclaration } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pupilPinEndpoints["accept-early-years-declaration"],
  services,
  async ({ principal, body }) => {
    const { earlyYears, job } = await acceptEarlyYearsDeclaration(services(), principal, body);
    return {
      status: 202,
      body: { earlyYears, ...(job && { job: jobView(job) }) },
      ...(job && { headers: { location: `/v1/jobs/${job.jobId}` } }),
    };
  },
);
