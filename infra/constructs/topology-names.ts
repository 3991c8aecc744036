/**
 * Helpers that turn topology keys into construct ids. Construct ids only shape CloudFormation logical ids;
 * physical resource names are always left to CloudFormation.
 */

/** `job-fan-out` → `JobFanOut`. */
export function constructId(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** `Object.entries` that keeps the key type of a topology record. */
export function entriesOf<K extends string, V>(record: Readonly<Record<K, V>>): [K, V][] {
  return Object.entries(record) as [K, V][];
}

/** Builds a record with the same keys as `record`, e.g. one construct per declared queue. */
export function mapTopology<K extends string, V, R>(
  record: Readonly<Record<K, V>>,
  build: (key: K, value: V) => R,
): Record<K, R> {
  return Object.fromEntries(entriesOf(record).map(([key, value]) => [key, build(key, value)])) as Record<
    K,
    R
  >;
}
