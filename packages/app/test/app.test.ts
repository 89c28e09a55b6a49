import {
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { until, within } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketApp } from "../src/index.js";
import { startUnauthorized, startWs, type WsPeerServer } from "./servers.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

const servers: { kill(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
async function ws(...args: Parameters<typeof startWs>): Promise<WsPeerServer> {
  const s = await startWs(...args);
  servers.push(s);
  return s;
}

type Event = [string, ...unknown[]];

/** An app whose every callback records `[name, ...args]` (the app itself checked, then dropped). */
function recordingApp(url: string, extra: ConstructorParameters<typeof WebSocketApp>[1] = {}) {
  const events: Event[] = [];
  let self: WebSocketApp | undefined;
  const rec =
    (name: string) =>
    (app: WebSocketApp, ...args: unknown[]) => {
      if (app !== self) events.push(["wrong app", name]);
      events.push([name, ...args]);
    };
  const app = new WebSocketApp(url, {
    onOpen: rec("open"),
    onMessage: rec("message"),
    onData: rec("data"),
    onPing: rec("ping"),
    onPong: rec("pong"),
    onError: rec("error"),
    onClose: rec("close"),
    ...extra,
  });
  self = app;
  return { app, events };
}

describe("WebSocketApp against a ws server on loopback", () => {
  it("calls back in order with the exact arguments, onData with the message's real opcode", async () => {
    const server = await ws((peer) => {
      peer.on("message", (data, isBinary) => {
        const msg = isBinary ? "?" : data.toString();
        if (msg !== "hi") return;
        peer.send("hello");
        peer.send(bytes(1, 2, 3));
        peer.ping(text("p"));
        // A fragmented text message: onData must say 1 (text), not 0.
        peer.send("Hel", { fin: false });
        peer.send("lo!", { fin: true });
      });
      // Close once the keepalive ping is in (its pong goes out first).
      peer.on("ping", () => peer.close(1001, "bye"));
    });
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: (a) => {
        events.push(["open"]);
        return a.sendText("hi");
      },
    });
    const errored = await within(
      app.runForever({ pingInterval: 150, pingPayload: "kp" }),
      3000,
      "runForever",
    );
    expect(errored).toBe(false);
    expect(events).toEqual([
      ["open"],
      ["data", "hello", 1, true],
      ["message", "hello"],
      ["data", bytes(1, 2, 3), 2, true],
      ["message", bytes(1, 2, 3)],
      ["ping", text("p")],
      ["data", "Hello!", 1, true],
      ["message", "Hello!"],
      // The keepalive ping's pong, with the round trip it measured.
      ["pong", text("kp"), expect.any(Number)],
      ["close", 1001, "bye"],
    ]);
    expect(app.ready()).toBe(false);
  });

  it("hands the server's close code and reason to onClose and stops (no reconnect after 1000)", async () => {
    const server = await ws((peer) => peer.close(1000, "done here"));
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`);
    const errored = await within(
      app.runForever({ reconnect: { minDelay: 20, maxDelay: 20 } }),
      3000,
      "runForever",
    );
    expect(errored).toBe(false);
    expect(events).toEqual([["open"], ["close", 1000, "done here"]]);
    expect(server.requests).toHaveLength(1);
  });

  it("delivers text as bytes with skipUtf8Validation, as Python does", async () => {
    const server = await ws((peer) => {
      peer.send("héllo");
      peer.close(1000);
    });
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`);
    await within(app.runForever({ skipUtf8Validation: true }), 3000, "runForever");
    expect(events).toContainEqual(["message", text("héllo")]);
    expect(events).toContainEqual(["data", text("héllo"), 1, true]);
  });

  it("reconnects to a killed and restarted server with fresh jitter per attempt; onReconnect fires after the restart", async () => {
    // The delays themselves are checked to the millisecond on a fake clock in
    // src/reconnect-schedule.test.ts; here, what happens over real sockets.
    let server = await startWs(() => {});
    const port = server.port;
    const draws: number[] = [];
    const errors: unknown[] = [];
    const order: string[] = [];
    let tokens = 0;
    const app = new WebSocketApp(`ws://127.0.0.1:${port}/`, {
      header: () => ({ Authorization: `Bearer token-${++tokens}` }),
      onOpen: () => {
        order.push("open");
      },
      onReconnect: () => {
        order.push("reconnect");
      },
      onError: (_app, e) => {
        errors.push(e);
      },
    });
    const run = app.runForever({
      reconnect: {
        minDelay: 40,
        maxDelay: 600,
        factor: 2,
        minUptime: 60_000,
        random: () => {
          const r = Math.random();
          draws.push(r);
          return r;
        },
      },
    });
    try {
      await until(() => app.ready(), 5000, "first open");
      await server.kill(); // drops the client without a close frame and stops listening
      // The dropped connection, then refused connects, each reported.
      await until(() => errors.length >= 3, 10_000, "two refused reconnects");
      order.push("restart");
      server = await startWs(() => {}, {}, port);
      await until(() => order.includes("reconnect"), 10_000, "reconnect");
      expect(order).toEqual(["open", "restart", "reconnect"]);
      expect(errors[0]).toBeInstanceOf(WebSocketConnectionClosedException);
      expect(new Set(draws).size).toBe(draws.length); // fresh jitter per attempt
      expect(draws.length).toBeGreaterThanOrEqual(3); // one draw per wait, one wait per error
      expect(server.requests[0]?.authorization).toBe(`Bearer token-${tokens}`);
      expect(tokens).toBe(errors.length + 1); // the header callback runs for every attempt
      expect(app.ready()).toBe(true);
    } finally {
      await app.close();
      await within(run, 10_000, "runForever after close");
      await server.kill();
    }
    await expect(run).resolves.toBe(false);
  });

  it("detects a half-open link (no pongs) by pingTimeout and reconnects", async () => {
    // When the watchdog fires is checked on a fake clock in src/keepalive.test.ts.
    let pings = 0;
    const server = await ws(
      (peer) => {
        peer.on("ping", () => {
          pings++;
        });
      },
      { autoPong: false },
    );
    let opened = 0;
    const errors: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: () => {
        opened++;
      },
      onError: (_app, e) => {
        errors.push(e);
      },
    });
    const run = app.runForever({
      pingInterval: 200,
      pingTimeout: 100,
      reconnect: { minDelay: 20, maxDelay: 20 },
    });
    try {
      await until(() => opened >= 2, 10_000, "a ping timeout and a reconnect");
    } finally {
      await app.close();
    }
    await expect(within(run, 10_000, "runForever")).resolves.toBe(false);
    expect(errors[0]).toBeInstanceOf(WebSocketTimeoutException);
    expect((errors[0] as Error).message).toBe("ping/pong timed out");
    await until(() => pings >= 1, 5000, "the unanswered ping at the server");
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("stops on a half-open link without reconnect and resolves true", async () => {
    const server = await ws(() => {}, { autoPong: false });
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`);
    const errored = await within(
      app.runForever({ pingInterval: 100, pingTimeout: 50 }),
      2000,
      "runForever",
    );
    expect(errored).toBe(true);
    expect(events.map((e) => e[0])).toEqual(["open", "error", "close"]);
    expect(events[1]?.[1]).toBeInstanceOf(WebSocketTimeoutException);
    expect(events[2]).toEqual(["close", null, null]);
  });

  it("does not storm a server that answers the handshake with 401", async () => {
    const server = await startUnauthorized();
    servers.push({ kill: server.close });
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`);
    const errored = await within(
      app.runForever({ reconnect: { minDelay: 10, maxDelay: 10 } }),
      3000,
      "runForever",
    );
    // runForever has returned: no loop is left that could try again.
    expect(errored).toBe(true);
    expect(server.upgrades()).toBe(1);
    expect(events.map((e) => e[0])).toEqual(["error", "close"]);
    const error = events[0]?.[1] as WebSocketBadStatusException;
    expect(error).toBeInstanceOf(WebSocketBadStatusException);
    expect(error.statusCode).toBe(401);
  });
});

// "Promptly": runForever ends on the server's answering close frame (onClose
// gets its code), not on the 3 s close timer or a reconnect delay.
describe("close() returns runForever promptly", () => {
  const echo = (peer: import("ws").WebSocket) => {
    peer.send("welcome");
    peer.on("message", (d, isBinary) => peer.send(d, { binary: isBinary }));
  };

  it("from onOpen", async () => {
    const server = await ws(echo);
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: (a) => a.close(),
    });
    const errored = await within(
      app.runForever({ reconnect: { minDelay: 100, maxDelay: 100 } }),
      10_000,
      "runForever",
    );
    expect(errored).toBe(false);
    expect(events.filter((e) => e[0] === "error")).toEqual([]);
    expect(events.at(-1)).toEqual(["close", 1000, ""]); // the server's answer
    expect(server.requests).toHaveLength(1);
  });

  it("from onMessage", async () => {
    const server = await ws(echo);
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`, {
      onMessage: (a, m) => {
        events.push(["message", m]);
        void a.close({ status: 1000, reason: "got it" });
      },
    });
    const errored = await within(
      app.runForever({ reconnect: { minDelay: 100, maxDelay: 100 } }),
      10_000,
      "runForever",
    );
    expect(errored).toBe(false);
    expect(events.filter((e) => e[0] === "message")).toEqual([["message", "welcome"]]);
    expect(events.filter((e) => e[0] === "error")).toEqual([]);
    expect(events.at(-1)).toEqual(["close", 1000, "got it"]); // ws echoes the reason
  });

  it("from onMessage, awaited", async () => {
    const server = await ws(echo);
    const { app, events } = recordingApp(`ws://127.0.0.1:${server.port}/`, {
      onMessage: async (a) => {
        await a.close({ status: 4001, reason: "awaited" });
        events.push(["closed"]);
      },
    });
    const errored = await within(app.runForever(), 10_000, "runForever");
    expect(errored).toBe(false);
    expect(events).toEqual([
      ["open"],
      ["data", "welcome", 1, true],
      ["closed"],
      ["close", 4001, "awaited"],
    ]);
  });

  it("from outside, while a read is pending", async () => {
    const server = await ws(() => {});
    const closes: unknown[] = [];
    let serverSaw: [number, string] | undefined;
    server.wss.on("connection", (peer) =>
      peer.on("close", (code, reason) => {
        serverSaw = [code, reason.toString()];
      }),
    );
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onClose: (_a, code, reason) => {
        closes.push([code, reason]);
      },
    });
    const run = app.runForever({ pingInterval: 10_000 });
    await until(() => app.ready(), 5000, "open");
    await within(app.close({ status: 4000, reason: "leaving" }), 10_000, "close()");
    await expect(within(run, 10_000, "runForever")).resolves.toBe(false);
    expect(closes).toEqual([[4000, "leaving"]]); // the server's answering close frame
    await until(() => serverSaw !== undefined, 5000, "the server's close event");
    expect(serverSaw).toEqual([4000, "leaving"]);
    await expect(app.sendText("late")).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });
});

describe("errors in callbacks", () => {
  it("go to onError; an onError that throws is logged; the loop keeps reading", async () => {
    const server = await ws((peer) => {
      peer.send("one");
      peer.send("two");
      peer.send("three");
      setTimeout(() => peer.close(1000), 100);
    });
    const got: string[] = [];
    const errors: string[] = [];
    const logged: unknown[][] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      logger: { error: (...a) => logged.push(a) },
      onMessage: async (_a, m) => {
        got.push(String(m));
        if (m === "one") throw new Error("sync-ish throw");
        if (m === "two") return Promise.reject(new Error("rejected"));
      },
      onError: (_a, e) => {
        errors.push((e as Error).message);
        throw new Error("onError itself broke");
      },
    });
    const errored = await within(app.runForever(), 3000, "runForever");
    expect(errored).toBe(false);
    expect(got).toEqual(["one", "two", "three"]);
    expect(errors).toEqual(["sync-ish throw", "rejected"]);
    expect(logged).toHaveLength(2);
  });

  it("sending while not connected rejects with WebSocketConnectionClosedException", async () => {
    const app = new WebSocketApp("ws://127.0.0.1:9/");
    await expect(app.send("x")).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    await expect(app.sendBytes(bytes(1))).rejects.toThrow("Connection is already closed.");
    expect(app.ready()).toBe(false);
  });
});
