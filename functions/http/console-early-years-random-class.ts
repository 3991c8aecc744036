import { randomiseClassPins } from "../../lib/app/pupil-pins/pupil-pins.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { classPinJobDeps } from "../wiring/pupil-pins.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Random PINs for a whole class: starts the job and sends the browser to its progress page (then the slips). */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-random-class"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form }) => {
    if (form.confirm !== "yes") {
      throw new PageProblem(422, ["Tick the box to confirm: every pupil of the class gets a new PIN."]);
    }
    const deps = classPinJobDeps();
    const job = await randomiseClassPins(deps, principal, params.groupId, {});
    return { redirect: `/console/jobs/${encodeURIComponent(job.jobId)}` };
  },
);
