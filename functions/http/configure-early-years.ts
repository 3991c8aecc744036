import { jobView } from "../../lib/api/views.js";
import { configureEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, groups, jobSecrets, jobs, tenants } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof configureEarlyYears>[0] => ({
  audit: audit(),
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  secretBox: secretBox(),
  tenants: tenants(),
});

export const handler = httpFunction(
  pupilPinEndpoints["configure-early-years"],
  authentication,
  async ({ principal, body }) => {
    const { earlyYears, job } = await configureEarlyYears(deps(), principal, body);
    return { status: 200, body: { earlyYears, ...(job && { job: jobView(job) }) } };
  },
);
