// WebSocketApp over its lifetime: closing, prepared sockets, read timeouts,
// many reconnects, handshake options. More behaviour is in more.test.ts.
import { WebSocketException } from "@wsclient/errors";
import { startRawServer, until, within } from "@wsclient-tools/test-utils";
import { describe, expect, it } from "vitest";
import { WebSocketApp } from "../src/index.js";
import { startWs, trackServers } from "./servers.js";

const _text = (s: string) => new TextEncoder().encode(s);
const track = trackServers();

describe("close() with a bad status", () => {
  it("rejects with a WebSocketException and still ends runForever", async () => {
    const server = await track(startWs(() => {}));
    let closeError: unknown;
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: async (a) => {
        try {
          await a.close({ status: 70_000 });
        } catch (error) {
          closeError = error;
        }
      },
    });
    await expect(within(app.runForever(), 3000, "runForever")).resolves.toBe(false);
    expect(closeError).toBeInstanceOf(WebSocketException);
    expect(String((closeError as Error).message)).toMatch(/70000/);
  });
});

describe("a prepared socket", () => {
  it("is used for the first connection; a reconnect dials the URL", async () => {
    let n = 0;
    const server = await track(
      startWs((peer) => {
        n++;
        if (n === 1) peer.close(1012, "restart");
      }),
    );
    const { connect } = await import("node:net");
    const prepared = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => prepared.once("connect", resolve));
    const events: string[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      socket: prepared,
      onOpen: () => {
        events.push("open");
      },
      onReconnect: (a) => {
        events.push("reconnect");
        return a.close();
      },
    });
    await expect(
      within(app.runForever({ reconnect: { minDelay: 10, maxDelay: 10 } }), 3000, "runForever"),
    ).resolves.toBe(false);
    expect(events).toEqual(["open", "reconnect"]);
    expect(prepared.destroyed).toBe(true);
    expect(server.requests).toHaveLength(2);
  });
});

describe("read timeouts", () => {
  it("an idle connection outlives getDefaultTimeout() (it bounds connecting, not waiting)", async () => {
    const { getDefaultTimeout, setDefaultTimeout } = await import("@wsclient/core");
    const before = getDefaultTimeout();
    setDefaultTimeout(100);
    try {
      const server = await track(
        startWs((peer) => {
          setTimeout(() => {
            peer.send("late");
            peer.close(1000);
          }, 350);
        }),
      );
      const events: unknown[][] = [];
      const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
        onMessage: (_a, m) => {
          events.push(["message", m]);
        },
        onError: (_a, e) => {
          events.push(["error", e]);
        },
      });
      await expect(within(app.runForever(), 3000, "runForever")).resolves.toBe(false);
      expect(events).toEqual([["message", "late"]]);
    } finally {
      setDefaultTimeout(before);
    }
  });
});

describe("close() while connecting", () => {
  it("aborts a handshake the server never answers and returns at once", async () => {
    const silent = await track(startRawServer(() => {}, { record: true }));
    const port = silent.port;
    const errors: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${port}/`, {
      onError: (_a, e) => {
        errors.push(e);
      },
    });
    // No connect timeout: only close() can end this handshake.
    const run = app.runForever({ reconnect: { minDelay: 100, maxDelay: 100 }, timeout: null });
    await until(
      () => (silent.received[0]?.toString("latin1") ?? "").endsWith("\r\n\r\n"),
      5000,
      "the upgrade request at the server",
    );
    await app.close();
    await expect(within(run, 10_000, "runForever")).resolves.toBe(false);
    expect(errors).toEqual([]);
    await until(() => silent.closed() === 1, 5000, "the socket closed");
    expect(silent.connections()).toBe(1); // and no reconnect
  });
});

describe("many reconnects", () => {
  it("leak no listeners or timers across 20 reconnects", async () => {
    const server = await track(startWs((peer) => peer.close(1012, "restart")));
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    let reconnects = 0;
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onReconnect: (a) => {
        if (++reconnects === 20) return a.close();
      },
    });
    try {
      await expect(
        within(
          app.runForever({ reconnect: { minDelay: 1, maxDelay: 1 }, pingInterval: 1000 }),
          5000,
          "runForever",
        ),
      ).resolves.toBe(false);
      // process.emitWarning emits on the next tick: let those run.
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect(reconnects).toBe(20);
    expect(server.requests).toHaveLength(21);
    expect(warnings.map((w) => w.name)).toEqual([]);
  });
});

describe("handshake options", () => {
  it("send header, cookie, subprotocols and origin; the negotiated subprotocol is on app.sock", async () => {
    const server = await track(
      startWs((peer) => peer.close(1000), {
        handleProtocols: (protocols) => (protocols.has("chat.v2") ? "chat.v2" : false),
      }),
    );
    let subprotocol: string | null | undefined;
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      header: { "X-Trace": "abc", "User-Agent": "wsclient-app-test" },
      cookie: "session=42",
      subprotocols: ["chat.v1", "chat.v2"],
      onOpen: (a) => {
        subprotocol = a.sock?.subprotocol;
      },
    });
    await within(app.runForever({ origin: "http://example.test" }), 3000, "runForever");
    const h = server.requests[0] ?? {};
    expect(h["x-trace"]).toBe("abc");
    expect(h["user-agent"]).toBe("wsclient-app-test");
    expect(h.cookie).toBe("session=42");
    expect(h["sec-websocket-protocol"]).toBe("chat.v1,chat.v2"); // joined as Python joins them;
    expect(h.origin).toBe("http://example.test");
    expect(subprotocol).toBe("chat.v2");
  });
});
