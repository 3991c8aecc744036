import { contracts } from "../../lib/api/contracts.js";
import { jobView } from "../../lib/api/views.js";
import { startResetEmails } from "../../lib/app/password-resets/reset-email-job.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  contracts["start-reset-emails"],
  services,
  async ({ principal, body }) => {
    const job = await startResetEmails(services(), principal, body);
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
