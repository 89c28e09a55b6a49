import { createConnection, type WebSocket } from "@wsclient/core";
import {
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
} from "@wsclient/errors";
import { rejection, until, within } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { abortableSleep } from "../src/abortable-sleep.js";
import { type ConnectDeps, connectWith } from "../src/connect.js";
import { connect } from "../src/index.js";
import { startUnauthorized, startWs, type WsPeerServer } from "./servers.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
function track<T extends WsPeerServer>(s: T): T {
  stops.push(() => s.kill());
  return s;
}

/**
 * The real dialler with a recorded sleep that returns at once (or runs
 * `during` first): the delays the policy chose, without any clock.
 */
function recordingDeps(during?: (ms: number) => Promise<void>): {
  deps: ConnectDeps;
  sleeps: number[];
} {
  const sleeps: number[] = [];
  return {
    sleeps,
    deps: {
      open: createConnection,
      sleep: async (ms) => {
        sleeps.push(ms);
        await during?.(ms);
      },
    },
  };
}

/** Reads until the connection ends; the error it ended with, or `null` for a close frame. */
async function drain(ws: WebSocket): Promise<unknown> {
  try {
    for await (const _ of ws);
    return null;
  } catch (e) {
    return e;
  }
}

describe("connect(): reconnecting iteration against real servers", () => {
  it("yields a second connection after a server restart, after a jittered delay within the window", async () => {
    let server = track(await startWs(() => {}));
    const port = server.port;
    const { deps, sleeps } = recordingDeps(async () => {
      // The server comes back on the same port while the client waits.
      server = track(await startWs((peer) => peer.send("second"), {}, port));
    });
    const seen: unknown[] = [];
    const it = connectWith(deps, `ws://127.0.0.1:${port}/`, {
      reconnect: { minDelay: 100, maxDelay: 1000, factor: 2, random: () => 0.25 },
    });
    let turn = 0;
    for await (const ws of it) {
      turn++;
      if (turn === 1) {
        await until(() => server.wss.clients.size === 1, 3000, "server sees the client");
        const killed = server.kill(); // restart: drop without a close frame
        seen.push(await within(drain(ws), 3000, "drop"));
        await killed;
        continue;
      }
      seen.push(await within(ws.recv(), 3000, "recv"));
      break;
    }
    expect(turn).toBe(2);
    expect(closeCode(seen[0])).toBe(1006);
    expect(seen[1]).toBe("second");
    // First attempt after a drop: window [minDelay, minDelay * factor].
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(100);
    expect(sleeps[0]).toBeLessThanOrEqual(200);
    expect(sleeps[0]).toBe(125);
  });

  it("retries after a 1013 close (Try Again Later)", async () => {
    let n = 0;
    const server = track(
      await startWs((peer) => {
        n++;
        if (n === 1) peer.close(1013, "busy");
        else peer.send("welcome");
      }),
    );
    const { deps, sleeps } = recordingDeps();
    const got: unknown[] = [];
    for await (const ws of connectWith(deps, `ws://127.0.0.1:${server.port}/`, {
      reconnect: { minDelay: 50, jitter: "none" },
    })) {
      if (got.length === 0) {
        got.push(await within(drain(ws), 3000, "close"));
        continue;
      }
      got.push(await within(ws.recv(), 3000, "recv"));
      break;
    }
    expect(got).toEqual([null, "welcome"]);
    expect(sleeps).toEqual([100]);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 401 handshake answer: the loop throws it", async () => {
    const server = await startUnauthorized();
    stops.push(server.close);
    const { deps, sleeps } = recordingDeps();
    const err = await rejection(
      (async () => {
        for await (const _ of connectWith(deps, `ws://127.0.0.1:${server.port}/`)) {
          throw new Error("no connection expected");
        }
      })(),
    );
    expect(WebSocketBadStatusException.isInstance(err)).toBe(true);
    expect((err as WebSocketBadStatusException).statusCode).toBe(401);
    expect(server.upgrades()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("waits Retry-After: 2 after a 503 — the next attempt not before 2 s of fake time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let attempts = 0;
    const server = track(
      await startWs((peer) => peer.send("in"), {
        verifyClient: (_info, cb) => {
          attempts++;
          if (attempts === 1) cb(false, 503, "Service Unavailable", { "Retry-After": "2" });
          else cb(true);
        },
      }),
    );
    const sleeps: number[] = [];
    const deps: ConnectDeps = {
      open: createConnection,
      sleep: (ms, signal) => {
        sleeps.push(ms);
        return abortableSleep(ms, signal);
      },
    };
    const it = connectWith(deps, `ws://127.0.0.1:${server.port}/`, {
      reconnect: { minDelay: 100, random: () => 0 },
    });
    const first = it.next();
    await vi.waitFor(() => expect(sleeps).toEqual([2000]), { timeout: 3000 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const r = await first;
    expect(attempts).toBe(2);
    expect(r.done).toBe(false);
    vi.useRealTimers();
    if (!r.done) expect(await within(r.value.recv(), 3000, "recv")).toBe("in");
    await it.return();
  });

  it("ends quietly after a clean 1000 close by the server", async () => {
    const server = track(await startWs((peer) => peer.close(1000, "done")));
    const { deps, sleeps } = recordingDeps();
    let turns = 0;
    for await (const ws of connectWith(deps, `ws://127.0.0.1:${server.port}/`)) {
      turns++;
      await within(drain(ws), 3000, "close");
    }
    expect(turns).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("throws the close when the policy stops on a 1008 policy violation", async () => {
    const server = track(await startWs((peer) => peer.close(1008, "no")));
    const { deps } = recordingDeps();
    const err = await rejection(
      (async () => {
        for await (const ws of connectWith(deps, `ws://127.0.0.1:${server.port}/`)) {
          await within(drain(ws), 3000, "close");
        }
      })(),
    );
    expect(WebSocketConnectionClosedException.isInstance(err)).toBe(true);
    expect(closeCode(err)).toBe(1008);
  });

  it("a caller predicate overrides the table (reconnect after 1000)", async () => {
    let n = 0;
    const server = track(await startWs((peer) => peer.close(1000, `bye ${++n}`)));
    const { deps, sleeps } = recordingDeps();
    const err = await rejection(
      (async () => {
        for await (const ws of connectWith(deps, `ws://127.0.0.1:${server.port}/`, {
          reconnect: { minDelay: 10, jitter: "none", maxRetries: 2, shouldReconnect: () => 30 },
        })) {
          await within(drain(ws), 3000, "close");
        }
      })(),
    );
    expect(err.message).toBe("gave up reconnecting after 2 attempts");
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([30, 40]);
  });

  it("break closes the current connection with a close handshake", async () => {
    const closes: number[] = [];
    const server = track(
      await startWs((peer) => {
        peer.on("close", (code) => closes.push(code));
        peer.send("one");
      }),
    );
    for await (const ws of connect(`ws://127.0.0.1:${server.port}/`)) {
      expect(await within(ws.recv(), 3000, "recv")).toBe("one");
      break;
    }
    await until(() => closes.length === 1, 3000, "server sees the close");
    expect(closes).toEqual([1000]);
  });

  it("closes a connection the body left open, awaits it, then dials again", async () => {
    const closes: number[] = [];
    const server = track(
      await startWs((peer) => {
        peer.on("close", (code) => closes.push(code));
      }),
    );
    const { deps, sleeps } = recordingDeps();
    const sockets: WebSocket[] = [];
    for await (const ws of connectWith(deps, `ws://127.0.0.1:${server.port}/`, {
      reconnect: { minDelay: 20, jitter: "none" },
    })) {
      sockets.push(ws);
      if (sockets.length === 2) break;
    }
    expect(sockets[0]).not.toBe(sockets[1]);
    expect(sockets[0]?.connected).toBe(false);
    await until(() => closes.length === 2, 3000, "both closes");
    expect(closes).toEqual([1000, 1000]);
    expect(sleeps).toEqual([40]);
  });

  it("reconnect: false gives one attempt and throws its failure", async () => {
    const server = track(await startWs(() => {}));
    const port = server.port;
    await server.kill();
    const err = await rejection(
      (async () => {
        for await (const _ of connect(`ws://127.0.0.1:${port}/`, { reconnect: false })) {
          throw new Error("no connection expected");
        }
      })(),
    );
    expect(WebSocketException.isInstance(err)).toBe(true);
    expect(err.message).toMatch(/connection refused|ECONNREFUSED/);
  });

  it("rejects a bad reconnect option at once", () => {
    expect(() => connect("ws://127.0.0.1:1/", { reconnect: { factor: 0 } })).toThrow(/factor/);
    expect(() => connect("")).toThrow(WebSocketException);
  });

  it("aborting while the body reads closes the connection and ends the loop", async () => {
    const closes: number[] = [];
    const server = track(
      await startWs((peer) => {
        peer.on("close", (code) => closes.push(code));
        peer.send("hi");
      }),
    );
    const ac = new AbortController();
    const got: unknown[] = [];
    const err = await rejection(
      (async () => {
        for await (const ws of connect(`ws://127.0.0.1:${server.port}/`, { signal: ac.signal })) {
          for await (const msg of ws) {
            got.push(msg);
            ac.abort(new Error("user stop"));
          }
        }
      })(),
    );
    expect(err.message).toBe("user stop");
    expect(got).toEqual(["hi"]);
    await until(() => closes.length === 1, 3000, "server sees the close");
    expect(closes).toEqual([1000]);
  });

  it("an aborted signal ends the wait and the loop with the signal's reason", async () => {
    const ac = new AbortController();
    const server = track(await startWs(() => {}));
    const port = server.port;
    await server.kill();
    const { deps } = recordingDeps(async () => ac.abort(new Error("stop now")));
    const err = await rejection(
      (async () => {
        for await (const _ of connectWith(deps, `ws://127.0.0.1:${port}/`, {
          signal: ac.signal,
        })) {
          throw new Error("no connection expected");
        }
      })(),
    );
    expect(err.message).toBe("stop now");
  });
});

function closeCode(e: unknown): number | undefined {
  return (e as WebSocketException | null)?.closeCode;
}
