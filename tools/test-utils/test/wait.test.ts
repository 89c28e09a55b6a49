import { describe, expect, it, vi } from "vitest";
import { rejection, sleep, until, within } from "../src/index.js";

describe("waits", () => {
  it("within rejects a promise that takes too long, naming it", async () => {
    await expect(within(sleep(200), 20, "slow thing")).rejects.toThrow(
      "slow thing did not finish within 20 ms",
    );
    await expect(within(Promise.resolve(7), 20)).resolves.toBe(7);
  });

  it("until polls a condition and gives up after its deadline", async () => {
    let n = 0;
    await until(() => ++n >= 3, 1000);
    expect(n).toBe(3);
    await expect(until(() => false, 30, "never")).rejects.toThrow("timed out waiting for never");
  });

  it("rejection returns the error and fails when the promise fulfils", async () => {
    const err = await rejection(Promise.reject(new RangeError("bad")));
    expect(err).toBeInstanceOf(RangeError);
    await expect(rejection(Promise.resolve(1))).rejects.toThrow("expected a rejection");
  });
});

describe("waits under fake timers", () => {
  it("until and within keep real time while the test's clock is fake", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
    try {
      let ready = false;
      setImmediate(() => {
        ready = true;
      });
      await within(
        until(() => ready, 1000, "setImmediate"),
        1000,
        "until",
      );
      expect(ready).toBe(true);
      await expect(until(() => false, 30, "never")).rejects.toThrow("timed out waiting for never");
      expect(vi.getTimerCount()).toBe(0); // none of the helpers' timers were fake ones
    } finally {
      vi.useRealTimers();
    }
  });
});
