import { WebSocketTimeoutException } from "@wsclient/errors";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Keepalive } from "./keepalive.js";

describe("RFC 6455 §5.5.2 keepalive ping and pong watchdog", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function make(interval: number, timeout: number | null) {
    const pings: number[] = [];
    const timeouts: WebSocketTimeoutException[] = [];
    const k = new Keepalive({
      interval,
      timeout,
      sendPing: async () => {
        pings.push(Date.now());
      },
      onTimeout: (e) => timeouts.push(e),
    });
    return { k, pings, timeouts };
  }

  it("sends the first ping one interval after start, not two", () => {
    const { k, pings } = make(1000, null);
    const t0 = Date.now();
    k.start();
    vi.advanceTimersByTime(999);
    expect(pings).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(pings).toEqual([t0 + 1000]);
    vi.advanceTimersByTime(2000);
    expect(pings).toEqual([t0 + 1000, t0 + 2000, t0 + 3000]);
    expect(k.lastPingTm).toBe(t0 + 3000);
    k.stop();
  });

  it("reports ping/pong timed out once when no pong comes within the timeout", () => {
    const { k, pings, timeouts } = make(1000, 300);
    k.start();
    vi.advanceTimersByTime(1299);
    expect(timeouts).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toBeInstanceOf(WebSocketTimeoutException);
    expect(timeouts[0]?.message).toBe("ping/pong timed out");
    expect(k.stopped).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(pings).toHaveLength(1); // no pings after the timeout
    expect(timeouts).toHaveLength(1);
  });

  it("keeps going while pongs come back in time", () => {
    const { k, pings, timeouts } = make(1000, 300);
    k.start();
    vi.advanceTimersByTime(1299); // first ping at 1000, its pong 299 ms later
    k.pong();
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(1000); // next ping at +701, its pong 299 ms after
      k.pong();
    }
    vi.advanceTimersByTime(700);
    expect(timeouts).toHaveLength(0);
    expect(pings.length).toBeGreaterThanOrEqual(5);
    expect(k.lastPongTm).not.toBeNull();
    k.stop();
  });

  it("counts a pong only after the ping it answers (a stale pong does not help)", () => {
    const { k, timeouts } = make(1000, 300);
    k.start();
    vi.advanceTimersByTime(500);
    k.pong(); // before the first ping
    vi.advanceTimersByTime(800); // ping at 1000, deadline at 1300
    expect(timeouts).toHaveLength(1);
  });

  it("stops pings and the watchdog on stop()", () => {
    const { k, pings, timeouts } = make(1000, 300);
    k.start();
    vi.advanceTimersByTime(1100); // ping sent, watchdog armed
    k.stop();
    vi.advanceTimersByTime(10_000);
    expect(pings).toHaveLength(1);
    expect(timeouts).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does nothing with interval 0", () => {
    const { k, pings } = make(0, null);
    k.start();
    vi.advanceTimersByTime(10_000);
    expect(pings).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("survives a ping that fails to send", async () => {
    const timeouts: unknown[] = [];
    const k = new Keepalive({
      interval: 100,
      timeout: 50,
      sendPing: () => Promise.reject(new Error("socket gone")),
      onTimeout: (e) => timeouts.push(e),
    });
    k.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(timeouts).toHaveLength(1);
  });
});
