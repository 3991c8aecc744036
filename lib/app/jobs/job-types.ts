import type { JobType } from "../../domain/job.js";
import { verificationEmailJob } from "../email-verifications/verification-email-job.js";
import { resetEmailJob } from "../password-resets/reset-email-job.js";
import { pupilPinJob } from "../pupil-pins/pupil-pin-job.js";
import { rosterImportJob } from "../roster/roster-import-job.js";
import { regenerationJob } from "../temporary-passwords/regeneration-job.js";
import type { JobDefinition } from "./job-definition.js";

/**
 * Every job type, by name: the one place the job consumers and the report endpoint look a type up. Adding a job type
 * is its definition file, one line here and its name in `domain/job.ts`.
 */
export const jobDefinitions = {
  "roster-import": rosterImportJob,
  "password-regeneration": regenerationJob,
  "pupil-pins": pupilPinJob,
  "reset-emails": resetEmailJob,
  "email-verifications": verificationEmailJob,
} as const satisfies { readonly [T in JobType]: JobDefinition & { readonly type: T } };

type Definitions = typeof jobDefinitions;

/** Any job's report, as the types' `report` steps return it (each tagged with its `kind`). */
export type JobReport = {
  [T in JobType]: Definitions[T] extends { report(...args: never[]): Promise<infer R> } ? R : never;
}[JobType];

/** The definition of a job type. */
export function jobDefinition(type: JobType): JobDefinition<unknown, JobReport> {
  return jobDefinitions[type];
}
