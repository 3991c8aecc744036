import { clock } from "./clock.js";
import { audit, groups, jobSecrets, jobs, pupilPins, tenants, users } from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { hasher } from "./secrets.js";
import { jobQueue } from "./sqs.js";

/**
 * The deps of the early-years use cases, shared by the API's functions and the console's pages that call the same
 * use case (each function still imports only these factories, so its access list stays what it needs).
 */

/** Settings and the declaration (`configureEarlyYears`, `acceptEarlyYearsDeclaration`): may start a PIN job. */
export const earlyYearsDeps = () => ({
  audit: audit(),
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  secretBox: secretBox(),
  tenants: tenants(),
});

/** Random PINs for a whole class (`randomiseClassPupilPins`): a PIN job with one-time slips. */
export const classPinJobDeps = () => ({
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  secretBox: secretBox(),
  tenants: tenants(),
});

/** One pupil's PIN, chosen or random (`changePupilPin`, `randomisePupilPin`). */
export const pupilPinDeps = () => ({
  audit: audit(),
  clock,
  groups: groups(),
  hasher: hasher(),
  pupilPins: pupilPins(),
  tenants: tenants(),
  users: users(),
});
