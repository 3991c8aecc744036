import { jobView } from "../../lib/api/views.js";
import { startRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import { config } from "../../lib/config.js";
import { authorize } from "../../lib/domain/permissions.js";
import { temporaryPasswordEndpoints } from "../../lib/endpoints/temporary-passwords.js";
import { httpFunction } from "../middleware/http-function.js";
import { idempotently } from "../middleware/idempotent.js";
import { authentication } from "../wiring/authentication.js";
import { idempotency } from "../wiring/dynamodb.js";
import { regenerationStartDeps } from "../wiring/temporary-passwords.js";

const endpoint = temporaryPasswordEndpoints["start-regeneration"];

/** A retry with the same `Idempotency-Key` gets the first job, never a second one that voids its slips. */
export const handler = httpFunction(endpoint, authentication, (input) =>
  idempotently(
    idempotency,
    endpoint,
    input,
    () => authorize(input.principal, "passwords:generate"),
    async () => {
      const job = await startRegeneration(regenerationStartDeps(), input.principal, input.body, {
        chunkSize: config().REGENERATION_CHUNK_SIZE,
      });
      return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
    },
  ),
);
