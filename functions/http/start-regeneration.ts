import { jobView } from "../../lib/api/views.js";
import { startRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { config } from "../../lib/config.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { regenerationStartDeps } from "../wiring/temporary-passwords.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["start-regeneration"],
  authentication,
  async ({ principal, body }) => {
    const job = await startRegeneration(regenerationStartDeps(), principal, body, {
      chunkSize: config().REGENERATION_CHUNK_SIZE,
    });
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
