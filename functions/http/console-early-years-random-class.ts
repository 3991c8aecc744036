import { randomiseClassPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { idempotentPage } from "../middleware/idempotent.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { idempotency, identities } from "../wiring/dynamodb.js";
import { classPinJobDeps } from "../wiring/pupil-pins.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

const endpoint = consoleEarlyYearsEndpoints["console-early-years-random-class"];

/** Random PINs for a whole class: starts the job and sends the browser to its progress page (then the slips). */
export const handler = sessionPageFunction(
  endpoint,
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form }) => {
    if (form.confirm !== "yes") {
      throw new PageProblem(422, ["Tick the box to confirm: every pupil of the class gets a new PIN."]);
    }
    // A double-click or a reload of this POST gives the first submission's job, not new PINs voiding its slips.
    return idempotentPage(
      { store: idempotency, clock },
      endpoint,
      { principal, params, form, idempotencyKey: form.idempotencyKey },
      async () => {
        const job = await randomiseClassPins(classPinJobDeps(), principal, params.groupId, {});
        return { redirect: `/console/jobs/${encodeURIComponent(job.jobId)}` };
      },
    );
  },
);
