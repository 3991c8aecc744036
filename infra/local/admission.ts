/**
 * Lambda runs every invocation in its own execution environment, with its own share of CPU; the local runtime runs
 * them all on this machine's cores. Past a few per core, more invocations at once only slow each other down, until
 * their 10-second timeouts fire: a 500 that no deployed function would give under the same load (the load bench at
 * 200 clients on 2 cores). With `LOCAL_MAX_CONCURRENT_INVOCATIONS` set (the load bench sets it; unset: no limit, as
 * before), the local gateway admits that many invocations at once and queues the rest before their clock starts,
 * so a function's timeout measures its own work, as on Lambda, and the queue shows as the client's latency.
 */
let limit: number | undefined;
let running = 0;
const waiting: (() => void)[] = [];

const configured = () => {
  limit ??= Number(process.env.LOCAL_MAX_CONCURRENT_INVOCATIONS) || Number.POSITIVE_INFINITY;
  return limit;
};

/** Runs `work` once fewer than the configured number of invocations are running. */
export async function admit<T>(work: () => Promise<T>): Promise<T> {
  // A finishing invocation hands its slot straight to the next in line, so none slips in between.
  if (running >= configured()) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
