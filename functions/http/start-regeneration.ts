import { jobView } from "../../lib/api/views.js";
import { startRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { config } from "../../lib/config.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  temporaryPasswordEndpoints["start-regeneration"],
  services,
  async ({ principal, body }) => {
    const job = await startRegeneration(services(), principal, body, {
      chunkSize: config().REGENERATION_CHUNK_SIZE,
    });
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
