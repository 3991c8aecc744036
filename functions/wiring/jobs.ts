import type { JobDeps } from "../../lib/app/jobs/job-definition.js";
import { clock } from "./clock.js";
import {
  audit,
  emailDeliveries,
  emailVerifications,
  groups,
  jobSecrets,
  jobs,
  locks,
  passwordResets,
  pupilPins,
  sessionRevocations,
  temporaryPasswords,
  tenants,
  users,
} from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { settings } from "./settings.js";
import { jobQueue } from "./sqs.js";

/**
 * The ports of the three job consumers (fan-out, work, dead letters): the table's stores and the job queues are
 * the same for all three; hashing, emailing and sealing are passed in, because each consumer is granted a different
 * set of them (and a `notGranted` stand-in keeps the rest out of its bundle).
 */
export const jobDeps = (grantDependent: Pick<JobDeps, "hasher" | "outbox" | "secretBox">): JobDeps => ({
  audit: audit(),
  clock,
  emailDeliveries: emailDeliveries(),
  emailVerifications: emailVerifications(),
  groups: groups(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  locks: locks(),
  passwordResets: passwordResets(),
  pupilPins: pupilPins(),
  sessionRevocations: sessionRevocations(),
  settings: settings(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
  ...grantDependent,
});

/** A job's one-time report (`retrieveJobReport`): the API and the console. */
export const jobReportDeps = () => ({
  audit: audit(),
  clock,
  groups: groups(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  pupilPins: pupilPins(),
  secretBox: secretBox(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});
