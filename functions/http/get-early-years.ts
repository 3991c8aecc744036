import { getEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  pupilPinEndpoints["get-early-years"],
  services,
  async ({ principal }) => ({
    status: 200,
    body: await getEarlyYears(services(), principal),
  }),
);
