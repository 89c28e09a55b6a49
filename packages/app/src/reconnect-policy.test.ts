import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { backoff, backoffDelay, normalizeReconnect } from "./reconnect-policy.js";

describe("normalizeReconnect", () => {
  it("turns reconnecting off for 0, false, null and undefined", () => {
    for (const v of [0, false, null, undefined]) expect(normalizeReconnect(v)).toBeNull();
  });

  it("takes a number as Python's fixed delay in ms", () => {
    const p = normalizeReconnect(250);
    expect(p).not.toBeNull();
    if (p === null) return;
    expect([0, 1, 5, 50].map((n) => backoffDelay(p, n))).toEqual([250, 250, 250, 250]);
  });

  it("fills defaults for true", () => {
    const p = normalizeReconnect(true);
    expect(p).toMatchObject({
      minDelay: 1000,
      maxDelay: 30000,
      factor: 2,
      jitter: "full",
      minUptime: 5000,
      maxRetries: Number.POSITIVE_INFINITY,
    });
  });

  it("rejects out-of-range fields with a message naming them", () => {
    expect(() => normalizeReconnect(-1)).toThrow(/reconnect\.\(delay\).*-1/);
    expect(() => normalizeReconnect({ minDelay: -5 })).toThrow(/minDelay/);
    expect(() => normalizeReconnect({ minDelay: 100, maxDelay: 50 })).toThrow(/maxDelay.*>= 100/);
    expect(() => normalizeReconnect({ factor: 0.5 })).toThrow(/factor/);
    expect(() => normalizeReconnect({ maxRetries: Number.NaN })).toThrow(/maxRetries/);
    expect(() => normalizeReconnect({ jitter: "decorrelated" as "full" })).toThrow(/jitter/);
    expect(() => normalizeReconnect({ minDelay: Number.POSITIVE_INFINITY })).toThrow(
      WebSocketException,
    );
    expect(() => normalizeReconnect("1" as unknown as number)).toThrow(WebSocketException);
  });
});

describe("backoffDelay", () => {
  it("grows the window by factor per attempt up to maxDelay (jitter none)", () => {
    const p = normalizeReconnect({ minDelay: 100, maxDelay: 1000, factor: 2, jitter: "none" });
    if (p === null) throw new Error("policy");
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(p, n))).toEqual([
      200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it("draws uniformly in [minDelay, top] with full jitter", () => {
    const values = [0, 0.5, 0.999999];
    let i = 0;
    const p = normalizeReconnect({
      minDelay: 100,
      maxDelay: 1000,
      random: () => values[i++ % values.length] ?? 0,
    });
    if (p === null) throw new Error("policy");
    expect(backoffDelay(p, 0)).toBe(100); // r = 0 → minDelay
    expect(backoffDelay(p, 0)).toBe(150); // halfway in [100, 200]
    expect(backoffDelay(p, 0)).toBeCloseTo(200, 3);
    expect(backoffDelay(p, 3)).toBe(100); // r = 0 → still minDelay
    expect(backoffDelay(p, 3)).toBe(550); // halfway in [100, 1000]
  });

  it("never leaves the window even with a broken random source", () => {
    for (const r of [-1, 2, Number.NaN]) {
      const p = normalizeReconnect({ minDelay: 10, maxDelay: 40, random: () => r });
      if (p === null) throw new Error("policy");
      const d = backoffDelay(p, 1);
      expect(d).toBeGreaterThanOrEqual(10);
      expect(d).toBeLessThanOrEqual(40);
    }
  });
});

describe("backoff", () => {
  it("yields the schedule and ends after maxRetries", () => {
    const p = normalizeReconnect({ minDelay: 50, maxDelay: 300, jitter: "none", maxRetries: 5 });
    if (p === null) throw new Error("policy");
    expect([...backoff(p)]).toEqual([100, 200, 300, 300, 300]);
  });
});
