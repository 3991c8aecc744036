/** Delivers the fake job queue's messages to the job consumers, as SQS and Lambda would, until it is empty. */
import { fanOutJob, processJobChunk } from "../../../../lib/app/jobs/run-job.js";
import type { FakeDeps } from "../../../fakes/index.js";

export async function deliverAll(deps: FakeDeps): Promise<void> {
  for (let rounds = 0; rounds < 100; rounds++) {
    const fanOuts = deps.jobQueue.takeFanOuts();
    const works = deps.jobQueue.takeWork();
    if (fanOuts.length === 0 && works.length === 0) return;
    for (const message of fanOuts) await fanOutJob(deps, message);
    for (const message of works) await processJobChunk(deps, message);
  }
  throw new Error("The job queue never emptied");
}
