import type { startGroupEmailJob } from "../../lib/app/jobs/group-email-job.js";
import { clock } from "./clock.js";
import { audit, groups, jobSecrets, jobs } from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { jobQueue } from "./sqs.js";

/** Starting a job that emails groups a link (reset emails, email verifications): the job, its sealed key, its fan-out. */
export const startGroupEmailJobDeps = (): Parameters<typeof startGroupEmailJob>[0] => ({
  audit: audit(),
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobs: jobs(),
  jobSecrets: jobSecrets(),
  secretBox: secretBox(),
});
