import { vi } from "vitest";

/**
 * Fake timers for a test over real sockets: the clock (timers, `Date`,
 * `performance.now`) is fake, I/O (`setImmediate`, sockets) is real. A
 * timeout can then only fire when the test moves the clock, so "it waited
 * for its timeout" is checked without measuring wall time.
 */
export const FAKE_CLOCK = {
  toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "Date"],
  shouldClearNativeTimers: true,
} satisfies Parameters<typeof vi.useFakeTimers>[0];

const realSetImmediate = globalThis.setImmediate;

/**
 * Moves the fake clock in `step` ms steps, letting real I/O run between
 * steps, until `done()` is true; resolves the fake ms that had to pass.
 * Rejects once `max` fake ms passed without `done()`.
 */
export async function advanceUntil(done: () => boolean, step = 10, max = 120_000): Promise<number> {
  let elapsed = 0;
  while (!done()) {
    if (elapsed >= max) throw new Error(`still not done after ${max} ms of fake time`);
    await vi.advanceTimersByTimeAsync(step);
    elapsed += step;
    for (let i = 0; i < 3; i++) await new Promise((r) => realSetImmediate(r));
  }
  return elapsed;
}

/**
 * Fires what is still pending on the fake clock, so that no timer armed
 * under it is left for the real clock to wait on, then restores real timers.
 */
export async function leaveFakeClock(): Promise<void> {
  await vi.runOnlyPendingTimersAsync();
  vi.useRealTimers();
}
