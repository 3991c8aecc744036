import { acceptEarlyYearsDeclaration } from "../../lib/app/pupil-pins/early-years.js";
import { consoleEarlyYearsEndpoints } from "../../lib/endpoints/console-early-years.js";
import { PageProblem } from "../middleware/page-function.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { earlyYearsDeps } from "../wiring/pupil-pins.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** The headteacher accepts the declaration (the version they read): PIN login on, default PINs made by a job. */
export const handler = sessionPageFunction(
  consoleEarlyYearsEndpoints["console-early-years-accept"],
  { formTokens, settings, authentication, identities },
  async ({ principal, form }) => {
    if (form.accept !== "yes") throw new PageProblem(422, ["Tick the box to accept the declaration."]);
    const deps = earlyYearsDeps();
    await acceptEarlyYearsDeclaration(deps, principal, { version: form.version, accept: true });
    return { redirect: "/console/early-years/declaration?done=accepted" };
  },
);
