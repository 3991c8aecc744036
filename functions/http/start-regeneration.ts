import { jobView } from "../../lib/api/views.js";
import { startRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { config } from "../../lib/config.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { credentials, groups, jobSecrets, jobs, locks, users } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof startRegeneration>[0] => ({
  clock,
  credentials: credentials(),
  groups: groups(),
  hasher: hasher(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  locks: locks(),
  secretBox: secretBox(),
  users: users(),
});

export const handler = httpFunction(
  temporaryPasswordEndpoints["start-regeneration"],
  authentication,
  async ({ principal, body }) => {
    const job = await startRegeneration(deps(), principal, body, {
      chunkSize: config().REGENERATION_CHUNK_SIZE,
    });
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
