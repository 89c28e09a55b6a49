// The real clock and timers, taken when this module loads: a test that
// installs fake timers (vi.useFakeTimers) can still wait for real I/O with
// these helpers, and the fake clock only moves when the test moves it.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realNow = performance.now.bind(performance);

/**
 * Resolves after `ms` of real time. For pacing a peer or a load, never for
 * waiting on another process: wait for what it does instead (`until`).
 */
export const sleep = (ms: number): Promise<void> => new Promise((r) => realSetTimeout(r, ms));

/**
 * Resolves `p`, or rejects after `ms` (real time) so that no test can hang.
 * The bound only guards against a hang: it is not an assertion on how long
 * `p` took, so make it generous.
 */
export function within<T>(p: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = realSetTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => realClearTimeout(timer));
}

/**
 * Resolves when `cond()` is true, polling every 10 ms of real time, or
 * rejects after `ms` (a bound against hangs, not an assertion on time).
 */
export async function until(cond: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const deadline = realNow() + ms;
  while (!cond()) {
    if (realNow() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => realSetTimeout(r, 10));
  }
}
