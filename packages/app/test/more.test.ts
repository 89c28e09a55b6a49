import {
  WebSocketConnectionClosedException,
  type WebSocketException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import { startUpgradedServer, until, within } from "@wsclient-tools/test-utils";
import { describe, expect, it, vi } from "vitest";
import { defaultShouldReconnect, WebSocketApp } from "../src/index.js";
import { startConnectProxy, startWs, trackServers } from "./servers.js";

const text = (s: string) => new TextEncoder().encode(s);
const track = trackServers();

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
