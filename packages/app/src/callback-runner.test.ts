import { describe, expect, it } from "vitest";
import { CallbackRunner } from "./callback-runner.js";

function setup(onError?: (app: string, e: unknown) => unknown) {
  const logged: unknown[][] = [];
  const runner = new CallbackRunner("app", onError, { error: (...a: unknown[]) => logged.push(a) });
  return { runner, logged };
}

describe("CallbackRunner", () => {
  it("passes the app first, then the arguments, and awaits returned promises", async () => {
    const calls: unknown[] = [];
    const { runner } = setup();
    await runner.call(
      async (app: string, a: number, b: string) => {
        await new Promise((r) => setTimeout(r, 5));
        calls.push([app, a, b]);
      },
      1,
      "x",
    );
    expect(calls).toEqual([["app", 1, "x"]]);
  });

  it("routes a throw and a rejection to onError", async () => {
    const errors: unknown[] = [];
    const { runner } = setup((app, e) => errors.push([app, (e as Error).message]));
    await runner.call(() => {
      throw new Error("sync boom");
    });
    await runner.call(() => Promise.reject(new Error("async boom")));
    expect(errors).toEqual([
      ["app", "sync boom"],
      ["app", "async boom"],
    ]);
  });

  it("logs an error thrown by onError without recursing", async () => {
    let onErrorCalls = 0;
    const { runner, logged } = setup(() => {
      onErrorCalls++;
      throw new Error("onError broke");
    });
    await runner.call(() => {
      throw new Error("first");
    });
    await runner.error(new Error("direct"));
    expect(onErrorCalls).toBe(2);
    expect(logged).toHaveLength(2);
    expect(String(logged[0]?.[0])).toMatch(/onError/);
  });

  it("logs callback errors when there is no onError; never rejects", async () => {
    const { runner, logged } = setup();
    await expect(
      runner.call(function onMessage() {
        throw new Error("x");
      }),
    ).resolves.toBeUndefined();
    await expect(runner.error(new Error("y"))).resolves.toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(String(logged[0]?.[0])).toMatch(/onMessage/);
  });

  it("ignores an unset callback", async () => {
    const { runner } = setup();
    await expect(runner.call(undefined)).resolves.toBeUndefined();
  });
});
