import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import { startRawServer, startUpgradedServer, until, within } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultShouldReconnect, WebSocketApp } from "../src/index.js";
import { startConnectProxy, startWs } from "./servers.js";

const text = (s: string) => new TextEncoder().encode(s);

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
async function track<T extends { kill(): Promise<void> } | { close(): Promise<void> }>(
  p: Promise<T>,
): Promise<T> {
  const s = await p;
  stops.push("kill" in s ? () => s.kill() : () => s.close());
  return s;
}

describe("RFC 6455 §5.4 fragmentation with onContMessage (fireContFrame)", () => {
  it("gives the first fragment to onData/onMessage and continuation frames to onContMessage", async () => {
    const server = await track(
      startWs((peer) => {
        peer.send("Hel", { fin: false });
        peer.send("lo", { fin: false });
        peer.send("!", { fin: true });
        peer.close(1000);
      }),
    );
    const events: unknown[][] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onData: (_a, data, opcode, fin) => {
        events.push(["data", data, opcode, fin]);
      },
      onMessage: (_a, data) => {
        events.push(["message", data]);
      },
      onContMessage: (_a, data, fin) => {
        events.push(["cont", data, fin]);
      },
    });
    await within(app.runForever(), 3000, "runForever");
    expect(events).toEqual([
      ["data", "Hel", 1, false],
      ["message", "Hel"],
      ["data", text("lo"), 0, false],
      ["cont", text("lo"), false],
      ["data", text("!"), 0, true],
      ["cont", text("!"), true],
    ]);
  });
});

describe("reconnect decisions against real servers", () => {
  it("reconnects after a 1001 going-away close by default and fires onReconnect", async () => {
    let n = 0;
    const server = await track(
      startWs((peer) => {
        n++;
        if (n === 1) peer.close(1001, "restarting");
      }),
    );
    const events: unknown[][] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: () => {
        events.push(["open"]);
      },
      onReconnect: async (a) => {
        events.push(["reconnect"]);
        await a.close();
      },
      onError: (_a, e) => {
        events.push(["error", e]);
      },
      onClose: (_a, code, reason) => {
        events.push(["close", code, reason]);
      },
    });
    const errored = await within(
      app.runForever({ reconnect: { minDelay: 10, maxDelay: 20 } }),
      3000,
      "runForever",
    );
    expect(errored).toBe(false);
    expect(events).toEqual([["open"], ["reconnect"], ["close", 1000, ""]]);
  });

  it("reconnects after a clean 1000 close only when shouldReconnect asks for it", async () => {
    let n = 0;
    const server = await track(
      startWs((peer) => {
        n++;
        peer.close(1000, `bye ${n}`);
      }),
    );
    const seen: unknown[][] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onClose: (_a, code, reason) => {
        seen.push([code, reason]);
      },
    });
    const errored = await within(
      app.runForever({
        reconnect: {
          minDelay: 10,
          maxDelay: 10,
          maxRetries: 2,
          shouldReconnect: (error) =>
            (error as WebSocketException).closeCode === 1000 || defaultShouldReconnect(error),
        },
      }),
      3000,
      "runForever",
    );
    // Three connections, each closed by the server; then maxRetries is spent.
    expect(server.requests).toHaveLength(3);
    expect(errored).toBe(true);
    expect(seen).toEqual([[1000, "bye 3"]]);
  });

  it("a throwing shouldReconnect goes to onError and stops the run", async () => {
    const server = await track(startWs((peer) => peer.close(1001)));
    const errors: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onError: (_a, e) => {
        errors.push(e);
      },
    });
    await within(
      app.runForever({
        reconnect: {
          shouldReconnect: () => {
            throw new Error("predicate broke");
          },
        },
      }),
      3000,
      "runForever",
    );
    expect(errors.map((e) => (e as Error).message)).toEqual(["predicate broke"]);
    expect(server.requests).toHaveLength(1);
  });
});

describe("misbehaving servers (raw TCP)", () => {
  it("a protocol violation goes to onError as WebSocketProtocolException and runForever resolves true", async () => {
    // RFC 6455 §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
    const server = await track(
      startUpgradedServer((socket) => socket.write(Uint8Array.from([0x83, 0x00]))),
    );
    const events: unknown[][] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onError: (_a, e) => {
        events.push(["error", e]);
      },
      onClose: (_a, code, reason) => {
        events.push(["close", code, reason]);
      },
    });
    const errored = await within(app.runForever(), 3000, "runForever");
    expect(errored).toBe(true);
    expect(events).toHaveLength(2);
    expect(events[0]?.[1]).toBeInstanceOf(WebSocketProtocolException);
    expect(events[1]).toEqual(["close", null, null]);
  });

  it("a TCP drop without a close frame gives onError(ConnectionClosed) and onClose(null, null)", async () => {
    const server = await track(
      startUpgradedServer((socket) => setTimeout(() => socket.destroy(), 20)),
    );
    const events: unknown[][] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: () => {
        events.push(["open"]);
      },
      onError: (_a, e) => {
        events.push(["error", e]);
      },
      onClose: (_a, code, reason) => {
        events.push(["close", code, reason]);
      },
    });
    const errored = await within(app.runForever(), 3000, "runForever");
    expect(errored).toBe(true);
    expect(events.map((e) => e[0])).toEqual(["open", "error", "close"]);
    expect(events[1]?.[1]).toBeInstanceOf(WebSocketConnectionClosedException);
    expect(events[2]).toEqual(["close", null, null]);
  });

  it("a refused connection resolves true at once without reconnect", async () => {
    const server = await startUpgradedServer(() => {});
    const port = server.port;
    await server.close();
    const errors: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${port}/`, {
      onError: (_a, e) => {
        errors.push(e);
      },
    });
    await expect(within(app.runForever(), 3000, "runForever")).resolves.toBe(true);
    expect(errors).toHaveLength(1);
  });
});

describe("proxies", () => {
  it("goes through an HTTP CONNECT proxy given only httpProxyHost and httpProxyPort (no proxyType)", async () => {
    const server = await track(
      startWs((peer) => {
        peer.send("through the tunnel");
        peer.close(1000);
      }),
    );
    const proxy = await track(startConnectProxy());
    const got: unknown[] = [];
    const errors: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onMessage: (_a, m) => {
        got.push(m);
      },
      onError: (_a, e) => {
        errors.push(e);
      },
    });
    const errored = await within(
      app.runForever({ httpProxyHost: "127.0.0.1", httpProxyPort: proxy.port }),
      3000,
      "runForever",
    );
    expect(errors).toEqual([]);
    expect(errored).toBe(false);
    expect(got).toEqual(["through the tunnel"]);
    expect(proxy.tunnels).toEqual([`127.0.0.1:${server.port}`]);
  });
});

describe("keepalive stops with the connection", () => {
  it("sends no pings after close: its interval timer is gone", async () => {
    let pings = 0;
    const server = await track(
      startWs((peer) => {
        peer.on("ping", () => {
          pings++;
        });
      }),
    );
    // Only the keepalive's interval runs on a fake clock; sockets and other timers are real.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
        onPong: async (a) => {
          await a.close();
        },
      });
      // The watchdog (a real timer) is far longer than a loopback pong takes.
      const run = app.runForever({ pingInterval: 20_000, pingTimeout: 10_000 });
      await until(() => app.ready(), 5000, "open");
      expect(pings).toBe(0); // the first ping waits one interval
      await vi.advanceTimersByTimeAsync(20_000);
      // The ping goes out, the server answers it, onPong closes, runForever ends.
      await expect(within(run, 10_000, "runForever")).resolves.toBe(false);
      expect(pings).toBe(1);
      expect(vi.getTimerCount()).toBe(0); // no interval left that could ping again
      await vi.advanceTimersByTimeAsync(10 * 20_000);
      expect(pings).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

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
