/**
 * Crash points for the job consumers' tests (fakes and emulators): ports whose calls are counted and where a chosen
 * call kills the consumer, and a delivery loop that plays SQS and Lambda (redelivery, dead letters).
 */
import type { JobDeps } from "../../lib/app/jobs/job-definition.js";
import { deadLetterJobMessage, fanOutJob, processJobChunk } from "../../lib/app/jobs/run-job.js";
import type { FanOutMessage, WorkMessage } from "../../lib/ports/job-queue.js";
import { queues } from "../../lib/topology/queues.js";
import type { FakeJobQueue } from "./job-queue.js";

/** The consumer dying at a chosen point (any other error is a real failure and fails the test). */
export class Crash extends Error {}

export type CrashPoint = { call: number; after: boolean };

/**
 * The consumers' ports, each method call counted; at a chosen call the consumer dies — before the call reaches the
 * store, or after it (the write done, the consumer gone before it could go on).
 */
export function crashing(
  deps: JobDeps,
  points: readonly CrashPoint[],
): { deps: JobDeps; calls: () => number } {
  let calls = 0;
  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || typeof prop === "symbol" || prop === "constructor") return value;
        return async (...args: unknown[]) => {
          const call = calls++;
          const point = points.find((p) => p.call === call);
          if (point && !point.after) throw new Crash(`before call ${call} (${String(prop)})`);
          const result = await value.apply(target, args);
          if (point?.after) throw new Crash(`after call ${call} (${String(prop)})`);
          return result;
        };
      },
    });
  const ports = [
    "jobs",
    "jobQueue",
    "users",
    "groups",
    "tenants",
    "temporaryPasswords",
    "audit",
    "secretBox",
    "locks",
    "jobSecrets",
  ] as const;
  const wrapped = { ...deps } as unknown as JobDeps;
  for (const name of ports) (wrapped as Record<string, unknown>)[name] = wrap(deps[name] as object);
  return { deps: wrapped, calls: () => calls };
}

type Delivery = { message: FanOutMessage | WorkMessage; receives: number };

/**
 * SQS and Lambda's part: delivers every message sent until none is left; a consumer that dies leaves its message
 * to come back later (at the end of the line); after maxReceiveCount receives it goes to the dead-letter consumer.
 */
export async function runToEnd(
  queue: Pick<FakeJobQueue, "takeFanOuts" | "takeWork">,
  deadLetter: JobDeps,
  consumer: JobDeps,
  first: FanOutMessage,
) {
  const line: Delivery[] = [{ message: first, receives: 0 }];
  const sent = () => {
    for (const message of [...queue.takeFanOuts(), ...queue.takeWork()]) line.push({ message, receives: 0 });
  };
  let crashes = 0;
  for (let rounds = 0; line.length > 0; rounds++) {
    if (rounds > 500) throw new Error("the queue never emptied");
    const delivery = line.shift() as Delivery;
    delivery.receives++;
    try {
      if (delivery.receives > queues.work.maxReceiveCount)
        await deadLetterJobMessage(deadLetter, delivery.message);
      else if ("chunk" in delivery.message) await processJobChunk(consumer, delivery.message);
      else await fanOutJob(consumer, delivery.message);
    } catch (error) {
      if (!(error instanceof Crash)) throw error;
      crashes++;
      line.push(delivery);
    }
    sent();
  }
  return crashes;
}
