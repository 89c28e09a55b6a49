/**
 * Reconnect delays: exponential backoff with full jitter (AWS architecture
 * blog's "Full Jitter"): attempt n waits a random time in
 * `[0, min(maxDelay, minDelay * 2^n))`, never less than `floor`.
 * `random` is injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  options: { minDelay: number; maxDelay: number; floor?: number; random?: () => number },
): number {
  const ceiling = Math.min(options.maxDelay, options.minDelay * 2 ** Math.max(0, attempt));
  const r = (options.random ?? Math.random)();
  return Math.max(options.floor ?? 0, Math.floor(ceiling * r));
}
