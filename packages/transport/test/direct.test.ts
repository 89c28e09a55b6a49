import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { connect, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import {
  WebSocketAddressException,
  WebSocketException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import {
  freePort,
  type RawServer,
  rejection,
  startRawServer,
  until,
} from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { openConnection } from "../src/index.js";
import { echo, startWsServer, upgrade, type WsServer } from "./helpers/ws-server.js";

let v4: WsServer;
let v6: WsServer;
let silent: RawServer;
let unixServer: Server;
let unixPath: string;

beforeAll(async () => {
  v4 = await startWsServer();
  v6 = await startWsServer(undefined, "::1");
  silent = await startRawServer(() => {}, { record: true });
  unixPath = join(mkdtempSync(join(tmpdir(), "wsclient-transport-unix-")), "ws.sock");
  unixServer = createHttpServer();
  const wss = new WebSocketServer({ server: unixServer });
  wss.on("connection", (ws) => ws.on("message", (d) => ws.send(d, { binary: false })));
  await new Promise<void>((resolve) => unixServer.listen(unixPath, resolve));
});

afterAll(async () => {
  await Promise.all([
    v4.close(),
    v6.close(),
    silent.close(),
    new Promise<void>((resolve) => {
      unixServer.closeAllConnections();
      unixServer.close(() => resolve());
    }),
  ]);
});

describe("TCP", () => {
  it("opens a plain connection ready for the upgrade", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${v4.port}/chat`, { timeout: 5000 });
    expect(conn.isSsl).toBe(false);
    expect(conn.proxy).toBeNull();
    expect(conn.socket).toBeInstanceOf(Socket);
    expect(conn.socket.readableFlowing).toBe(false);
    expect(conn.writesCopied).toBe(true);
    expect(conn.target).toMatchObject({ hostname: "127.0.0.1", port: v4.port, resource: "/chat" });
    expect(await upgrade(conn.socket, `127.0.0.1:${v4.port}`, "/chat")).toBe(
      "HTTP/1.1 101 Switching Protocols",
    );
    expect(await echo(conn.socket, "hello")).toBe("hello");
    conn.socket.destroy();
  });

  it("falls back across families for a name (happy eyeballs)", async () => {
    const conn = await openConnection(`ws://localhost:${v4.port}/`, { timeout: 5000, env: {} });
    expect(await upgrade(conn.socket, `localhost:${v4.port}`)).toContain("101");
    conn.socket.destroy();
  });

  it("tries the next address family when the first refuses (RFC 8305)", async () => {
    for (const order of [
      ["::1", "127.0.0.1"],
      ["127.0.0.1", "::1"],
    ]) {
      const calls: unknown[] = [];
      const conn = await openConnection(`ws://dual.test:${v4.port}/`, {
        timeout: 5000,
        env: {},
        lookup: (hostname, options, callback) => {
          calls.push([hostname, (options as { all?: boolean }).all]);
          const all = order.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
          (callback as unknown as (e: null, a: typeof all) => void)(null, all);
        },
      });
      expect(calls).toEqual([["dual.test", true]]);
      expect((conn.socket as Socket).remoteAddress).toBe("127.0.0.1");
      expect(await upgrade(conn.socket, `dual.test:${v4.port}`)).toContain("101");
      conn.socket.destroy();
    }
  });

  it("says every address refused when all do", async () => {
    const port = await freePort();
    const err = await rejection(
      openConnection(`ws://dual.test:${port}/`, {
        timeout: 5000,
        env: {},
        lookup: (_h, _o, callback) =>
          (callback as unknown as (e: null, a: unknown[]) => void)(null, [
            { address: "::1", family: 6 },
            { address: "127.0.0.1", family: 4 },
          ]),
      }),
    );
    expect(err).toBeInstanceOf(WebSocketAddressException);
    expect(err.message).toMatch(/Cannot connect to dual.test:\d+: connection refused/);
  });

  it("connects to IPv6 literals", async () => {
    const conn = await openConnection(`ws://[::1]:${v6.port}/`, { timeout: 5000 });
    expect((conn.socket as Socket).remoteAddress).toBe("::1");
    expect(await upgrade(conn.socket, `[::1]:${v6.port}`)).toContain("101");
    conn.socket.destroy();
  });

  it("gives WebSocketAddressException when the name does not resolve", async () => {
    const err = await rejection(
      openConnection("ws://nonexistent.invalid/", { timeout: 10_000, env: {} }),
    );
    expect(err).toBeInstanceOf(WebSocketAddressException);
    expect(err.message).toMatch(/Cannot resolve host "nonexistent.invalid"/);
  });

  it("gives WebSocketAddressException when the port refuses", async () => {
    const port = await freePort();
    const err = await rejection(openConnection(`ws://127.0.0.1:${port}/`, { timeout: 5000 }));
    expect(err).toBeInstanceOf(WebSocketAddressException);
    expect(err.message).toMatch(/connection refused \(ECONNREFUSED\)/);
    expect((err.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("rejects bad options before any I/O", async () => {
    await expect(openConnection("ws://127.0.0.1:1/", { timeout: -1 })).rejects.toThrow(
      /timeout must be a positive number/,
    );
    await expect(
      openConnection("ws://127.0.0.1:1/", { sockopt: [["IPPROTO_TCP", "TCP_MAXSEG", 1]] }),
    ).rejects.toBeInstanceOf(WebSocketException);
    await expect(openConnection("http://x/")).rejects.toThrow(/scheme "http"/);
  });

  // Linux shows each socket's keepalive timer in /proc/net/tcp: "tr" 02 and
  // "tm->when" in USER_HZ (1/100 s) ticks until the first probe.
  async function keepaliveTimer(socket: Socket): Promise<[string, number]> {
    const port = `:${(socket.localPort ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
    const row = readFileSync("/proc/net/tcp", "utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .find((cols) => cols[1]?.endsWith(port));
    const [tr = "", when = "0"] = (row?.[5] ?? "").split(":");
    return [tr, Number.parseInt(when, 16)];
  }

  it("turns TCP keepalive on, first probe after 30 s idle (Python's DEFAULT_SOCKET_OPTION)", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${v4.port}/`, { timeout: 5000 });
    const [tr, when] = await keepaliveTimer(conn.socket as Socket);
    expect(tr).toBe("02");
    // At most 30 s to go, and more than a 20 s setting (or none) could leave
    // however slowly the test runs (its timeout is 20 s).
    expect(when).toBeGreaterThan(2000);
    expect(when).toBeLessThanOrEqual(3000);
    conn.socket.destroy();
  });

  it("honours TCP_KEEPIDLE and SO_KEEPALIVE from sockopt", async () => {
    const short = await openConnection(`ws://127.0.0.1:${v4.port}/`, {
      sockopt: [["IPPROTO_TCP", "TCP_KEEPIDLE", 20]],
    });
    const [tr, when] = await keepaliveTimer(short.socket as Socket);
    expect(tr).toBe("02");
    // At most 20 s to go (the default would leave more than 20 s), and running.
    expect(when).toBeGreaterThan(0);
    expect(when).toBeLessThanOrEqual(2000);
    short.socket.destroy();
    const off = await openConnection(`ws://127.0.0.1:${v4.port}/`, {
      sockopt: { keepAlive: false },
    });
    expect((await keepaliveTimer(off.socket as Socket))[0]).toBe("00");
    off.socket.destroy();
  });

  it("applies sockopt overrides without failing", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${v4.port}/`, {
      sockopt: [
        ["IPPROTO_TCP", "TCP_NODELAY", 0],
        ["IPPROTO_TCP", "TCP_KEEPIDLE", 5],
      ],
    });
    expect(await upgrade(conn.socket, `127.0.0.1:${v4.port}`)).toContain("101");
    conn.socket.destroy();
  });
});

describe("timeouts and abort", () => {
  it("times out a TLS handshake nobody answers, with the stage in the message", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${silent.port}/`, { timeout: 300 }),
    );
    expect(err).toBeInstanceOf(WebSocketTimeoutException);
    expect(err.message).toMatch(/Timed out after 300 ms \(timeout\) while the TLS handshake/);
  });

  it("aborts on the caller's signal and destroys the socket", async () => {
    const controller = new AbortController();
    const before = silent.received.length;
    const pending = openConnection(`wss://127.0.0.1:${silent.port}/`, {
      signal: controller.signal,
    });
    // Abort once the server has the connection (and the ClientHello nobody answers).
    await until(() => silent.received.length === before + 1, 3000, "the connection");
    controller.abort(new Error("user gave up"));
    const err = await rejection(pending);
    expect(err).toBeInstanceOf(WebSocketException);
    expect(err.message).toMatch(/aborted/);
    expect((err.cause as Error).message).toBe("user gave up");
    expect(silent.received.length).toBe(before + 1);
    // the server sees the connection go away: the socket was destroyed
    await until(() => silent.closed() === silent.received.length, 3000, "the socket closed");
    expect(silent.closed()).toBe(silent.received.length);
  });

  it("maps AbortSignal.timeout to WebSocketTimeoutException", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${silent.port}/`, { signal: AbortSignal.timeout(100) }),
    );
    expect(err).toBeInstanceOf(WebSocketTimeoutException);
  });

  it("rejects at once with an already aborted signal", async () => {
    const err = await rejection(
      openConnection(`ws://127.0.0.1:${v4.port}/`, { signal: AbortSignal.abort("no") }),
    );
    expect(err).toBeInstanceOf(WebSocketException);
    expect(err.cause).toBe("no");
  });
});

describe("Unix sockets", () => {
  it("connects to ws+unix: URLs", async () => {
    const conn = await openConnection(`ws+unix:${unixPath}:/chat?x=1`, { timeout: 5000 });
    expect(conn.target).toMatchObject({ unixPath, resource: "/chat?x=1", hostname: "localhost" });
    expect(conn.proxy).toBeNull();
    expect(await upgrade(conn.socket, "localhost", "/chat?x=1")).toContain("101");
    expect(await echo(conn.socket, "over unix")).toBe("over unix");
    conn.socket.destroy();
  });

  it("never uses a proxy for Unix sockets", async () => {
    const conn = await openConnection(`ws+unix://${unixPath}:/`, {
      env: { http_proxy: "http://127.0.0.1:1" },
    });
    expect(conn.proxy).toBeNull();
    conn.socket.destroy();
  });

  it("gives WebSocketAddressException for a missing socket file", async () => {
    const err = await rejection(openConnection(`ws+unix:${unixPath}.missing:/`));
    expect(err).toBeInstanceOf(WebSocketAddressException);
    expect(err.message).toMatch(/no such socket file \(ENOENT\)/);
  });
});

describe("a pre-connected socket", () => {
  it("is returned as is, with no DNS and no proxy", async () => {
    const own = connect(v4.port, "127.0.0.1");
    await new Promise((resolve) => own.once("connect", resolve));
    const conn = await openConnection("ws://does-not-resolve.invalid/", {
      socket: own,
      env: { http_proxy: "http://127.0.0.1:1" },
    });
    expect(conn.socket).toBe(own);
    expect(conn.proxy).toBeNull();
    expect(conn.writesCopied).toBe(true); // a net.Socket: the kernel has the bytes once called back
    expect(await upgrade(conn.socket, "does-not-resolve.invalid")).toContain("101");
    own.destroy();
  });

  it("a caller's own Duplex may keep written chunks: writesCopied is false", async () => {
    const own = new PassThrough();
    const conn = await openConnection("ws://does-not-resolve.invalid/", { socket: own });
    expect(conn.socket).toBe(own);
    expect(conn.writesCopied).toBe(false);
    own.destroy();
  });
});
