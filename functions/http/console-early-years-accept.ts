import { acceptEarlyYearsDeclaration } from "../../lib/app/pupil-pins/early-years.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, groups, identities, jobSecrets, jobs, tenants } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { jobQueue } from "../wiring/sqs.js";

/** The headteacher accepts the declaration (the version they read): PIN login on, default PINs made by a job. */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-accept"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    if (form.accept !== "yes") throw new PageProblem(422, ["Tick the box to accept the declaration."]);
    const deps = {
      audit: audit(),
      clock,
      groups: groups(),
      jobQueue: jobQueue(),
      jobSecrets: jobSecrets(),
      jobs: jobs(),
      secretBox: secretBox(),
      tenants: tenants(),
    };
    await acceptEarlyYearsDeclaration(deps, principal, { version: form.version, accept: true });
    return { redirect: "/console/early-years/declaration?done=accepted" };
  },
);
