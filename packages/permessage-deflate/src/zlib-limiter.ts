import { WebSocketException } from "@wsclient/errors";
import { DEFAULT_CONCURRENCY } from "./constants.js";

/**
 * A process-wide limit on zlib jobs (one message inflated or deflated)
 * running at once, shared by every connection — as `ws` does against the
 * memory fragmentation of many concurrent zlib calls in Node's thread pool
 * (nodejs/node#8871). Jobs start in the order they asked.
 */
let limit = DEFAULT_CONCURRENCY;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Sets how many zlib jobs may run at once across the process (default 10,
 * as `ws`). Raising it lets more connections compress in parallel on a
 * machine with a larger libuv thread pool (`UV_THREADPOOL_SIZE`).
 */
export function setZlibConcurrency(n: number): void {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new WebSocketException(
      `setZlibConcurrency() takes a whole number of jobs, 1 or more (default ${DEFAULT_CONCURRENCY}), got ${String(n)}`,
    );
  }
  limit = n;
  while (running < limit && waiting.length > 0) {
    running++;
    waiting.shift()!();
  }
}

/** The current limit set by {@link setZlibConcurrency}. */
export function getZlibConcurrency(): number {
  return limit;
}

/** How many zlib jobs run now, and how many wait for a slot. */
export function zlibJobs(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

/**
 * Waits for a slot; the returned `release` frees it (calling it again does
 * nothing). Every caller must release, also on failure.
 */
export function acquireZlibSlot(): Promise<() => void> | (() => void) {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Hand the slot on, unless the limit was lowered below what runs.
    if (waiting.length > 0 && running <= limit) waiting.shift()!();
    else running--;
  };
  if (running < limit) {
    running++;
    return release;
  }
  return new Promise((resolve) => waiting.push(() => resolve(release)));
}
