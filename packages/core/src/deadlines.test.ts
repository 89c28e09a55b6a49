import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { schedule } from "./deadlines.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("schedule (shared deadline timer)", () => {
  it("fires in deadline order, skips cancelled entries", () => {
    const fired: string[] = [];
    schedule(40, () => fired.push("c"));
    schedule(10, () => fired.push("a"));
    const cancel = schedule(20, () => fired.push("x"));
    schedule(30, () => fired.push("b"));
    cancel();
    vi.advanceTimersByTime(9);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(["a"]);
    vi.advanceTimersByTime(30);
    expect(fired).toEqual(["a", "b", "c"]);
  });

  it("holds no timer once every entry is cancelled (the process can exit)", () => {
    vi.useRealTimers();
    const active = () =>
      (process as unknown as { getActiveResourcesInfo(): string[] })
        .getActiveResourcesInfo()
        .filter((r) => r === "Timeout").length;
    const before = active();
    const cancel = schedule(60_000, () => {});
    cancel();
    expect(active()).toBe(before);
  });

  it("survives many cancelled entries and re-entrant scheduling", () => {
    const cancels = Array.from({ length: 10_000 }, () => schedule(5_000, () => {}));
    for (const c of cancels) c();
    const fired: number[] = [];
    schedule(5, () => {
      fired.push(1);
      schedule(5, () => fired.push(2));
    });
    vi.advanceTimersByTime(5);
    expect(fired).toEqual([1]);
    vi.advanceTimersByTime(5);
    expect(fired).toEqual([1, 2]);
  });
});
