import { describe, expect, it } from "vitest";
import { schedule } from "./deadlines.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("schedule (shared deadline timer)", () => {
  it("fires in deadline order, skips cancelled entries", async () => {
    const fired: string[] = [];
    schedule(40, () => fired.push("c"));
    schedule(10, () => fired.push("a"));
    const cancel = schedule(20, () => fired.push("x"));
    schedule(30, () => fired.push("b"));
    cancel();
    await sleep(80);
    expect(fired).toEqual(["a", "b", "c"]);
  });

  it("holds no timer once every entry is cancelled (the process can exit)", async () => {
    const before = (process as unknown as { getActiveResourcesInfo(): string[] })
      .getActiveResourcesInfo()
      .filter((r) => r === "Timeout").length;
    const cancel = schedule(60_000, () => {});
    cancel();
    const after = (process as unknown as { getActiveResourcesInfo(): string[] })
      .getActiveResourcesInfo()
      .filter((r) => r === "Timeout").length;
    expect(after).toBe(before);
  });

  it("survives many cancelled entries and re-entrant scheduling", async () => {
    const cancels = Array.from({ length: 10_000 }, () => schedule(5_000, () => {}));
    for (const c of cancels) c();
    const fired: number[] = [];
    schedule(5, () => {
      fired.push(1);
      schedule(5, () => fired.push(2));
    });
    await sleep(60);
    expect(fired).toEqual([1, 2]);
  });
});
