import { contracts } from "../../lib/api/contracts.js";
import { getEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["get-early-years"], services, async ({ principal }) => ({
  status: 200,
  body: await getEarlyYears(services(), principal),
}));
