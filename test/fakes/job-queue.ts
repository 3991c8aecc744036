import type { FanOutMessage, JobQueue, WorkMessage } from "../../lib/ports/job-queue.js";
import { copy, tick } from "./support.js";

/**
 * The bulk-job queues as two lists: tests take the messages sent and deliver them to the consumers (`fanOutJob`,
 * `processJobChunk`) themselves — once, twice, out of order — as SQS may.
 */
export class FakeJobQueue implements JobQueue {
  readonly fanOuts: FanOutMessage[] = [];
  readonly works: WorkMessage[] = [];

  async fanOut(message: FanOutMessage): Promise<void> {
    await tick();
    this.fanOuts.push(copy(message));
  }

  async work(messages: readonly WorkMessage[]): Promise<void> {
    await tick();
    this.works.push(...messages.map(copy));
  }

  /** Removes and returns the fan-out messages sent so far. */
  takeFanOuts(): FanOutMessage[] {
    return this.fanOuts.splice(0);
  }

  /** Removes and returns the work messages sent so far. */
  takeWork(): WorkMessage[] {
    return this.works.splice(0);
  }
}
