import { jobView } from "../../lib/api/views.js";
import { configureEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { earlyYearsDeps } from "../wiring/pupil-pins.js";

export const handler = httpFunction(
  pupilPinEndpoints["configure-early-years"],
  authentication,
  async ({ principal, body }) => {
    const { earlyYears, job } = await configureEarlyYears(earlyYearsDeps(), principal, body);
    return { status: 200, body: { earlyYears, ...(job && { job: jobView(job) }) } };
  },
);
