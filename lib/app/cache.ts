import type { Clock } from "../ports/clock.js";

/**
 * A small cache of values read through a port (a tenant's settings, an opened job key), so a hot path does not pay
 * a round trip per call. Time comes from the `Clock`, like every other time the use cases read, and each port
 * instance gets its own entries (`cacheFor`): two wirings — or two tests' fakes — never see each other's values.
 */
export class PortCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(private readonly options: { maxEntries: number; ttlMs?: number }) {}

  /** The cached value of `key`, or what `load` reads (then cached), when absent or older than the time to live. */
  async get(clock: Clock, key: string, load: () => Promise<V>): Promise<V> {
    const now = clock.now().getTime();
    const cached = this.entries.get(key);
    const ttl = this.options.ttlMs;
    if (cached && (ttl === undefined || now - cached.at < ttl)) return cached.value;
    const value = await load();
    this.set(key, value, now);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private set(key: string, value: V, at: number) {
    this.entries.delete(key);
    // The oldest entry makes room: enough for the few tenants or jobs one execution environment serves at a time.
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { at, value });
  }
}

/** One `PortCache` per port instance: `cacheFor(deps.tenants)` is the cache of values read through that port. */
export function cachePerPort<V>(options: { maxEntries: number; ttlMs?: number }) {
  const caches = new WeakMap<object, PortCache<V>>();
  return (port: object): PortCache<V> => {
    let cache = caches.get(port);
    if (!cache) {
      cache = new PortCache<V>(options);
      caches.set(port, cache);
    }
    return cache;
  };
}
