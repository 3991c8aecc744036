import { jobView } from "../../lib/api/views.js";
import { configureEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pupilPinEndpoints["configure-early-years"],
  services,
  async ({ principal, body }) => {
    const { earlyYears, job } = await configureEarlyYears(services(), principal, body);
    return { status: 200, body: { earlyYears, ...(job && { job: jobView(job) }) } };
  },
);
