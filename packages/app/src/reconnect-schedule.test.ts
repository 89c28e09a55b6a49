import type { WebSocket } from "@wsclient/core";
import { WebSocketBadStatusException, WebSocketConnectionClosedException } from "@wsclient/errors";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getReconnect, setReconnect } from "./default-reconnect.js";
import { WebSocketApp } from "./websocket-app.js";

/**
 * A scripted stand-in for core's `WebSocket`, so that the reconnect
 * schedule can be checked to the millisecond under fake timers. The real
 * socket paths are covered in test/app.test.ts against real servers.
 */
interface Script {
  /** Reject the connect with this error; otherwise open. */
  connectError?: unknown;
  /** When open: drop (no close frame) after this many ms. */
  dropAfter?: number;
}

function scriptedSockets(scripts: Script[]) {
  const connects: number[] = [];
  let n = 0;
  const create = (): WebSocket => {
    const script = scripts[Math.min(n++, scripts.length - 1)] ?? {};
    let connected = false;
    let ended = false;
    let wake: ((e: unknown) => void) | undefined;
    const fake = {
      get connected() {
        return connected;
      },
      async connect() {
        connects.push(Date.now());
        if (script.connectError !== undefined) throw script.connectError;
        connected = true;
      },
      recvDataFrame() {
        // Like core: after close() or abort() the receive queue has ended.
        if (ended) return Promise.reject(new WebSocketConnectionClosedException("closed"));
        return new Promise((_resolve, reject) => {
          wake = reject;
          if (script.dropAfter !== undefined) {
            setTimeout(() => {
              connected = false;
              reject(new WebSocketConnectionClosedException("Connection to remote host was lost."));
            }, script.dropAfter);
          }
        });
      },
      async ping() {},
      async send() {
        return 0;
      },
      async close() {
        connected = false;
        ended = true;
        wake?.(new WebSocketConnectionClosedException("closed"));
      },
      abort() {
        connected = false;
        ended = true;
        wake?.(new WebSocketConnectionClosedException("aborted"));
      },
      shutdown() {
        connected = false;
        ended = true;
      },
    };
    return fake as unknown as WebSocket;
  };
  return { create, connects };
}

const refused = () => new Error("connect ECONNREFUSED 127.0.0.1:1");

describe("reconnect schedule (fake timers)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("backs off exponentially with jitter and gives up after maxRetries", async () => {
    const { create, connects } = scriptedSockets([{ connectError: refused() }]);
    const errors: unknown[] = [];
    const app = new WebSocketApp("ws://127.0.0.1:1/", {
      createSocket: create,
      onError: (_app, e) => errors.push(e),
    });
    const t0 = Date.now();
    const done = app.runForever({
      reconnect: { minDelay: 100, maxDelay: 1000, factor: 2, maxRetries: 4, random: () => 0.5 },
    });
    await vi.advanceTimersByTimeAsync(5000);
    await expect(done).resolves.toBe(true);
    // windows [100,200] [100,400] [100,800] [100,1000], halfway in each
    expect(connects.map((t) => t - t0)).toEqual([0, 150, 150 + 250, 400 + 450, 850 + 550]);
    expect(errors).toHaveLength(6);
    expect(String((errors[5] as Error).message)).toBe("gave up reconnecting after 4 attempts");
  });

  it("uses Python's fixed delay for a number", async () => {
    const { create, connects } = scriptedSockets([{ connectError: refused() }]);
    const app = new WebSocketApp("ws://127.0.0.1:1/", { createSocket: create });
    const t0 = Date.now();
    const done = app.runForever({ reconnect: 300 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(connects.map((t) => t - t0)).toEqual([0, 300, 600, 900]);
    await app.close();
    await expect(done).resolves.toBe(false);
  });

  it("takes the delay from setReconnect when runForever is given none (Python: set_reconnect)", async () => {
    const { create, connects } = scriptedSockets([{ connectError: refused() }]);
    const before = getReconnect();
    setReconnect(400);
    try {
      const app = new WebSocketApp("ws://127.0.0.1:1/", { createSocket: create });
      const t0 = Date.now();
      const done = app.runForever();
      await vi.advanceTimersByTimeAsync(900);
      expect(connects.map((t) => t - t0)).toEqual([0, 400, 800]);
      await app.close();
      await expect(done).resolves.toBe(false);
      setReconnect(0);
      const once = new WebSocketApp("ws://127.0.0.1:1/", { createSocket: create });
      await expect(once.runForever()).resolves.toBe(true);
      expect(connects).toHaveLength(4);
    } finally {
      setReconnect(before);
    }
  });

  it("resets the attempt counter only after minUptime of healthy connection", async () => {
    const { create, connects } = scriptedSockets([
      { dropAfter: 10 }, // flaps: attempt counter keeps growing
      { dropAfter: 10 },
      { dropAfter: 10 },
      { dropAfter: 6000 }, // healthy for longer than minUptime
      { dropAfter: 10 },
      { dropAfter: 100_000 },
    ]);
    const reconnects: number[] = [];
    const app = new WebSocketApp("ws://127.0.0.1:1/", {
      createSocket: create,
      onReconnect: () => {
        reconnects.push(Date.now());
      },
    });
    const t0 = Date.now();
    const done = app.runForever({
      reconnect: { minDelay: 100, maxDelay: 10_000, factor: 2, jitter: "none", minUptime: 5000 },
    });
    await vi.advanceTimersByTimeAsync(20_000);
    const rel = connects.map((t) => t - t0);
    // open 0, drop 10, wait 200; open 210, drop 220, wait 400; open 620, drop 630,
    // wait 800; open 1430 healthy, drop 7430, counter reset → wait 200; open 7630,
    // drop 7640, wait 400; open 8040.
    expect(rel).toEqual([0, 210, 620, 1430, 7630, 8040]);
    expect(reconnects).toHaveLength(5);
    await app.close();
    await expect(done).resolves.toBe(false);
  });

  it("does not reconnect after a 401 handshake answer", async () => {
    const unauthorized = new WebSocketBadStatusException("Handshake status 401 Unauthorized", {
      statusCode: 401,
      statusMessage: "Unauthorized",
    });
    const { create, connects } = scriptedSockets([{ connectError: unauthorized }]);
    const errors: unknown[] = [];
    const app = new WebSocketApp("ws://127.0.0.1:1/", {
      createSocket: create,
      onError: (_app, e) => errors.push(e),
    });
    const done = app.runForever({ reconnect: { minDelay: 10 } });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(done).resolves.toBe(true);
    expect(connects).toHaveLength(1);
    expect(errors).toEqual([unauthorized]);
  });

  it("honours Retry-After on a 503 and retries a 1013 close (the shared retry policy)", async () => {
    const unavailable = new WebSocketBadStatusException("Handshake status 503", {
      statusCode: 503,
      respHeaders: { "retry-after": "2" },
    });
    const tryLater = new WebSocketConnectionClosedException("closed", { closeCode: 1013 });
    const { create, connects } = scriptedSockets([
      { connectError: unavailable },
      { connectError: tryLater },
      { dropAfter: 100_000 },
    ]);
    const app = new WebSocketApp("ws://127.0.0.1:1/", { createSocket: create });
    const t0 = Date.now();
    const done = app.runForever({ reconnect: { minDelay: 100, jitter: "none" } });
    await vi.advanceTimersByTimeAsync(1999);
    expect(connects.map((t) => t - t0)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(connects.map((t) => t - t0)).toEqual([0, 2000]);
    // 1013: retried after the next window (attempt 1: 400 ms).
    await vi.advanceTimersByTimeAsync(400);
    expect(connects.map((t) => t - t0)).toEqual([0, 2000, 2400]);
    expect(app.ready()).toBe(true);
    await app.close();
    await expect(done).resolves.toBe(false);
  });

  it("close() during the backoff wait ends runForever at once", async () => {
    const { create, connects } = scriptedSockets([{ connectError: refused() }]);
    const app = new WebSocketApp("ws://127.0.0.1:1/", { createSocket: create });
    const done = app.runForever({ reconnect: 60_000 });
    await vi.advanceTimersByTimeAsync(1);
    expect(connects).toHaveLength(1);
    await app.close();
    await expect(done).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an abort signal ends runForever like close()", async () => {
    const { create } = scriptedSockets([{ dropAfter: 100_000 }]);
    const ac = new AbortController();
    const closes: unknown[][] = [];
    const app = new WebSocketApp("ws://127.0.0.1:1/", {
      createSocket: create,
      onClose: (_app, code, reason) => {
        closes.push([code, reason]);
      },
    });
    const done = app.runForever({ signal: ac.signal });
    await vi.advanceTimersByTimeAsync(10);
    expect(app.ready()).toBe(true);
    ac.abort();
    await expect(done).resolves.toBe(false);
    expect(closes).toEqual([[null, null]]);
  });

  it("calls a header function before every connect and reconnect", async () => {
    const { create } = scriptedSockets([{ dropAfter: 10 }]);
    let calls = 0;
    const app = new WebSocketApp("ws://127.0.0.1:1/", {
      createSocket: create,
      header: async () => [`Authorization: Bearer t${++calls}`],
    });
    const done = app.runForever({ reconnect: 100 });
    await vi.advanceTimersByTimeAsync(400); // connects at 0, 110, 220, 330
    expect(calls).toBe(4);
    await app.close();
    await expect(done).resolves.toBe(false);
  });

  it("rejects bad options before connecting, and a second concurrent run", async () => {
    const { create, connects } = scriptedSockets([{ dropAfter: 100_000 }]);
    const app = new WebSocketApp("ws://127.0.0.1:1/", { createSocket: create });
    await expect(app.runForever({ pingInterval: 100, pingTimeout: 200 })).rejects.toThrow(
      "pingInterval (100 ms) must be greater than pingTimeout (200 ms)",
    );
    await expect(app.runForever({ reconnect: { factor: 0 } })).rejects.toThrow(/factor/);
    expect(
      () => new WebSocketApp("ws://x/", { onMessage: "nope" as unknown as () => void }),
    ).toThrow("onMessage must be a function, got string");
    expect(connects).toHaveLength(0);
    const done = app.runForever();
    await expect(app.runForever()).rejects.toThrow("runForever is already running");
    await vi.advanceTimersByTimeAsync(1);
    await app.close();
    await expect(done).resolves.toBe(false);
  });
});
