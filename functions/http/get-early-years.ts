import { getEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { tenants } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof getEarlyYears>[0] => ({
  tenants: tenants(),
});

export const handler = httpFunction(
  pupilPinEndpoints["get-early-years"],
  authentication,
  async ({ principal }) => ({
    status: 200,
    body: await getEarlyYears(deps(), principal),
  }),
);
