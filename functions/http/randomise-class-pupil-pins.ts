import { jobView } from "../../lib/api/views.js";
import { mayManageClassPins, randomiseClassPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { pupilPinEndpoints } from "../../lib/endpoints/pupil-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { idempotently } from "../middleware/idempotent.js";
import { authentication } from "../wiring/authentication.js";
import { idempotency } from "../wiring/dynamodb.js";
import { classPinJobDeps } from "../wiring/pupil-pins.js";

const endpoint = pupilPinEndpoints["randomise-class-pupil-pins"];

export const handler = httpFunction(endpoint, authentication, (input) =>
  idempotently(
    idempotency,
    endpoint,
    input,
    () => mayManageClassPins(classPinJobDeps(), input.principal, input.params.groupId),
    async () => {
      const job = await randomiseClassPins(
        classPinJobDeps(),
        input.principal,
        input.params.groupId,
        input.body,
      );
      return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
    },
  ),
);
