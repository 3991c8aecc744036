/**
 * Waits before retry `attempt` (1, 2, …): exponential from `baseMs`, capped at `capMs`, with jitter so parallel
 * retriers spread out. Used for the parts of a batch AWS reports as unprocessed or failed.
 */
export function backoff(attempt: number, baseMs: number, capMs: number): Promise<void> {
  const ms = Math.min(baseMs * 2 ** attempt, capMs) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
