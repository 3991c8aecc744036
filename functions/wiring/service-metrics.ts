import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { CredentialStore } from "../../lib/ports/credential-store.js";
import type { JobRepository } from "../../lib/ports/job-repository.js";
import { serviceMetrics } from "../../lib/topology/metrics.js";
import { metrics } from "../observability.js";

/**
 * The service's own counters, taken at the edge where the use cases' effects land (use cases never see
 * Powertools): the stores report what a use case did, these wrappers count it with the invocation's `metrics`,
 * published by the handler's `logMetrics` middleware. Counted only when the store confirms the change, so a
 * redelivered message is never counted twice.
 */
const count = (name: string, value = 1) => {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
};

/** Jobs started, finished (completed or with failures), failed; users given a new temporary password. */
export function countingJobs(jobs: JobRepository): JobRepository {
  return Object.assign(Object.create(jobs) as JobRepository, {
    async create(...args: Parameters<JobRepository["create"]>) {
      await jobs.create(...args);
      count(serviceMetrics.jobsStarted);
    },
    async finish(...args: Parameters<JobRepository["finish"]>) {
      const finished = await jobs.finish(...args);
      if (finished) count(args[2] === "failed" ? serviceMetrics.jobsFailed : serviceMetrics.jobsFinished);
      return finished;
    },
    async completeChunk(...args: Parameters<JobRepository["completeChunk"]>) {
      const job = await jobs.completeChunk(...args);
      // `undefined`: the chunk was already done (a redelivery), counted the first time.
      if (job?.type === "password-regeneration") count(serviceMetrics.usersRegenerated, args[4].processed);
      return job;
    },
  });
}

/**
 * Checks refused because the credential is locked, whatever the store's method: an attempt reservation answers
 * `"locked"` (or `{ outcome: "locked" }`) and evaluates nothing.
 */
export function countingLockouts(credentials: CredentialStore): CredentialStore {
  return new Proxy(credentials, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const inspect = (result: unknown) => {
        const outcome =
          typeof result === "object" && result !== null ? (result as { outcome?: unknown }).outcome : result;
        if (outcome === "locked") count(serviceMetrics.lockouts);
        return result;
      };
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise ? result.then(inspect) : inspect(result);
      };
    },
  });
}

/** What one `deliverEmails` call did, by outcome (`already-sent` is not counted again; `unavailable` is deferred). */
export function countEmailOutcomes(outcomes: Iterable<string>): void {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  count(serviceMetrics.emailsSent, counts.sent);
  // Deferred: over the tenant's daily quota, or held back by an SES outage (both retried later, never lost).
  count(serviceMetrics.emailsDeferred, (counts.deferred ?? 0) + (counts.unavailable ?? 0));
  count(serviceMetrics.emailsFailed, counts.failed);
}

/** A job message that failed every attempt: its rows are recorded as failed. */
export function countJobMessageDeadLettered(): void {
  count(serviceMetrics.jobMessagesDeadLettered);
}

/** An email that failed every attempt and is recorded as failed. */
export function countEmailDeadLettered(): void {
  count(serviceMetrics.emailsDeadLettered);
}
