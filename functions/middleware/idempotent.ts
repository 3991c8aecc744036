import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  requestFingerprint,
} from "../../lib/domain/idempotency.js";
import { actorOf, type Principal } from "../../lib/domain/permissions.js";
import type { Clock } from "../../lib/ports/clock.js";
import type { IdempotencyStore, IdempotentCall, Json } from "../../lib/ports/idempotency-store.js";
import type { HttpOutput } from "./http-function.js";
import { PageProblem } from "./page-function.js";
import type { SessionPageOutput } from "./session-page-function.js";

/** The route a key belongs to: its name, and its function's timeout (how long a first call may hold the key). */
export type IdempotentRoute = { name: string; lambda: { timeoutSeconds: number } };

/** What a request asks, for its fingerprint. */
type Request = { params?: unknown; query?: unknown; body?: unknown; csv?: string };

/** An answer that is given but not kept (not a success): thrown out of the store so that the key is released. */
class NotKept<T> extends Error {
  constructor(readonly output: T) {
    super("not kept");
  }
}

/** Runs `work` under the key; only answers that `kept` accepts are stored, any other is returned and forgotten. */
async function runOnce<T>(
  store: IdempotencyStore,
  call: IdempotentCall,
  work: () => Promise<T>,
  kept: (output: T) => boolean,
): Promise<{ value: T; replayed: boolean }> {
  try {
    const answer = await store.once(call, async () => {
      const output = await work();
      if (!kept(output)) throw new NotKept(output);
      return output as Json;
    });
    return answer as { value: T; replayed: boolean };
  } catch (error) {
    if (error instanceof NotKept) return { value: error.output as T, replayed: false };
    throw error;
  }
}

const callOf = (
  route: IdempotentRoute,
  principal: Principal,
  key: string,
  request: Request,
): IdempotentCall => ({
  tenantId: principal.tenantId,
  // A key is its caller's own: another user or API key of the school with the same key starts its own job.
  scope: `${route.name}#${actorOf(principal)}`,
  key,
  fingerprint: requestFingerprint(request),
  leaseMs: route.lambda.timeoutSeconds * 1000,
});

/**
 * A bulk start of the API under its `Idempotency-Key` (when sent): the first 2xx answer (status, body, Location) is
 * kept 24 hours and replayed with `Idempotent-Replayed: true`; errors are not kept, so the client may retry.
 * `mayStart` checks that the caller may still start this (their role, the class): it runs before a replay too, so a
 * caller who lost the right is refused rather than shown the first answer again.
 */
export async function idempotently(
  store: () => IdempotencyStore,
  route: IdempotentRoute,
  input: Request & { principal: Principal; idempotencyKey?: string },
  mayStart: () => unknown,
  work: () => Promise<HttpOutput>,
): Promise<HttpOutput> {
  if (input.idempotencyKey === undefined) return work();
  await mayStart();
  const { value, replayed } = await runOnce(
    store(),
    callOf(route, input.principal, input.idempotencyKey, input),
    work,
    (output) => output.status >= 200 && output.status < 300 && storable(output),
  );
  return replayed ? { ...value, headers: { ...value.headers, "idempotent-replayed": "true" } } : value;
}

/**
 * DynamoDB items hold at most 400 KB: a larger answer (a roster import's long list of row errors) is given but not
 * kept, so the key is released rather than the answer lost (a retry applies the roster's upserts again, harmlessly).
 */
const maxKeptAnswerBytes = 300 * 1024;
const storable = (output: HttpOutput) => Buffer.byteLength(JSON.stringify(output)) <= maxKeptAnswerBytes;

/** How long a second submission of a console form waits for the first one's answer before it gives up. */
export const pageWaitMs = 10_000;
const pagePollMs = 250;

/**
 * A console form that starts a bulk job, under the fresh key its form carried (`idempotencyKey`): a double-click or
 * a reload of the POST gets the first submission's redirect (to the same job's page). A browser shows the answer to
 * the last click, so a second submission waits for the first to finish rather than answer "in progress".
 * Only redirects are kept: a refusal page (a wrong password) releases the key.
 */
export async function idempotentPage(
  deps: { store: () => IdempotencyStore; clock: Clock },
  route: IdempotentRoute,
  input: { principal: Principal; params?: unknown; form?: unknown; idempotencyKey?: string },
  work: () => Promise<SessionPageOutput>,
): Promise<SessionPageOutput> {
  if (input.idempotencyKey === undefined) return work();
  const call = callOf(route, input.principal, input.idempotencyKey, {
    params: input.params,
    body: input.form,
  });
  const deadline = deps.clock.now().getTime() + pageWaitMs;
  for (;;) {
    try {
      return (await runOnce(deps.store(), call, work, (output) => "redirect" in output)).value;
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) {
        throw new PageProblem(422, [
          "This form was sent already with other choices: reload the page to start again.",
        ]);
      }
      if (!(error instanceof IdempotencyInProgressError)) throw error;
      if (deps.clock.now().getTime() >= deadline) {
        throw new PageProblem(409, [
          "This is still being started: reload the page in a moment to see its job.",
        ]);
      }
      await deps.clock.sleep(pagePollMs);
    }
  }
}
