import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { ABNF } from "@wsclient/frame";
import { until } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSocket as WsPeer } from "ws";
import { createConnection, enableTrace, WebSocket } from "../src/index.js";
import { startWsServer } from "./helpers.js";

let server: Awaited<ReturnType<typeof startWsServer>>;
let lastRequest: IncomingMessage | null = null;
let lastPeer: WsPeer | null = null;
const closes = new Map<string, { code: number; reason: string }>();

/** Behaviour by path: /echo, /fragments, /close-4000, /push?n=, /ping */
beforeAll(async () => {
  server = await startWsServer({
    handleProtocols: (protocols) => (protocols.has("chat") ? "chat" : false),
  });
  server.wss.on("connection", (ws, req) => {
    lastRequest = req;
    lastPeer = ws;
    const url = new URL(req.url ?? "/", "http://x");
    const id = url.searchParams.get("id");
    if (id !== null)
      ws.on("close", (code, reason) => closes.set(id, { code, reason: reason.toString() }));
    switch (url.pathname) {
      case "/fragments":
        ws.send("frag", { fin: false });
        ws.send("ment", { fin: false });
        ws.send("ed", { fin: true });
        break;
      case "/close-4000":
        ws.send("last words");
        ws.close(4000, "custom reason");
        break;
      case "/push": {
        const n = Number(url.searchParams.get("n"));
        for (let i = 0; i < n; i++) ws.send(String(i));
        break;
      }
      case "/ping":
        ws.ping("are you there");
        break;
      default:
        ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    }
  });
});
afterAll(async () => {
  await server.close();
});

describe("RFC 6455 §5.4 fragmentation (from a ws server)", () => {
  it("assembles fragments into one message", async () => {
    const ws = await createConnection(`${server.url}/fragments`, { timeout: 3000 });
    expect(await ws.recv()).toBe("fragmented");
    ws.shutdown();
  });

  it("delivers fragments as they arrive with fireContFrame", async () => {
    const ws = await createConnection(`${server.url}/fragments`, {
      timeout: 3000,
      fireContFrame: true,
    });
    const got = [await ws.recvData(), await ws.recvData(), await ws.recvData()];
    expect(got.map(([op, d]) => [op, Buffer.from(d).toString()])).toEqual([
      [1, "frag"],
      [0, "ment"],
      [0, "ed"],
    ]);
    ws.shutdown();
  });

  it("recvFrame returns the frames as sent with fireContFrame", async () => {
    const ws = await createConnection(`${server.url}/fragments`, {
      timeout: 3000,
      fireContFrame: true,
    });
    const frames = [await ws.recvFrame(), await ws.recvFrame(), await ws.recvFrame()];
    expect(frames.map((f) => [f.opcode, f.fin, Buffer.from(f.data).toString()])).toEqual([
      [1, 0, "frag"],
      [0, 0, "ment"],
      [0, 1, "ed"],
    ]);
    ws.shutdown();
  });

  it("recvFrame returns an assembled message as one frame", async () => {
    const ws = await createConnection(`${server.url}/fragments`, { timeout: 3000 });
    const frame = await ws.recvFrame();
    expect([frame.opcode, frame.fin, Buffer.from(frame.data).toString()]).toEqual([
      1,
      1,
      "fragmented",
    ]);
    ws.shutdown();
  });

  it("sends manually fragmented messages with sendFrame", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 3000 });
    await ws.sendFrame(ABNF.createFrame("Hel", ABNF.OPCODE_TEXT, 0));
    await ws.ping("between fragments");
    await ws.sendFrame(ABNF.createFrame("lo", ABNF.OPCODE_CONT, 1));
    expect(await ws.recv()).toBe("Hello");
    ws.shutdown();
  });
});

describe("RFC 6455 §5.5.2 ping and pong", () => {
  it("answers the server's ping automatically and shows it with recvData(true)", async () => {
    const ws = await createConnection(`${server.url}/ping`, { timeout: 3000 });
    const pong = once(lastPeer!, "pong");
    const [opcode, data] = await ws.recvData(true);
    expect(opcode).toBe(ABNF.OPCODE_PING);
    expect(Buffer.from(data).toString()).toBe("are you there");
    const [payload] = (await pong) as [Buffer];
    expect(payload.toString()).toBe("are you there");
    ws.shutdown();
  });

  it("receives the pong to its own ping", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 3000 });
    await ws.ping("hello?");
    const [opcode, data] = await ws.recvData(true);
    expect(opcode).toBe(ABNF.OPCODE_PONG);
    expect(Buffer.from(data).toString()).toBe("hello?");
    ws.shutdown();
  });
});

describe("RFC 6455 §7 close codes and reasons", () => {
  it("server-initiated: messages before the close, then the code and reason; the code is echoed", async () => {
    const ws = await createConnection(`${server.url}/close-4000?id=s1`, { timeout: 3000 });
    expect(await ws.recv()).toBe("last words");
    const err = await ws.recv().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketConnectionClosedException);
    expect((err as WebSocketException).closeCode).toBe(4000);
    expect((err as WebSocketException).closeReason).toBe("custom reason");
    await until(() => closes.has("s1"), 3000, "server close event");
    expect(closes.get("s1")).toEqual({ code: 4000, reason: "" });
  });

  it("recvData returns the close frame once", async () => {
    const ws = await createConnection(`${server.url}/close-4000`, { timeout: 3000 });
    await ws.recv();
    const [opcode, data] = await ws.recvData();
    expect(opcode).toBe(ABNF.OPCODE_CLOSE);
    expect(data[0]! * 256 + data[1]!).toBe(4000);
    await expect(ws.recvData()).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });

  it("client-initiated close with a code and reason", async () => {
    const ws = await createConnection(`${server.url}/echo?id=c1`, { timeout: 3000 });
    await ws.close({ status: 4001, reason: "client says bye" });
    await until(() => closes.has("c1"), 3000, "server close event");
    expect(closes.get("c1")).toEqual({ code: 4001, reason: "client says bye" });
    expect(ws.connected).toBe(false);
  });
});

describe("RFC 6455 §4.1 opening handshake options", () => {
  it("negotiates a subprotocol", async () => {
    const ws = await createConnection(`${server.url}/echo`, {
      timeout: 3000,
      subprotocols: ["superchat", "chat"],
    });
    expect(ws.subprotocol).toBe("chat");
    expect(ws.getSubprotocol()).toBe("chat");
    expect(ws.headers?.["sec-websocket-protocol"]).toBe("chat");
    ws.shutdown();
  });

  it("sends custom headers, cookie and origin", async () => {
    const ws = await createConnection(`${server.url}/echo`, {
      timeout: 3000,
      header: ["X-Custom: one", "X-Other: two"],
      cookie: "a=1; b=2",
      origin: "https://example.test",
    });
    expect(lastRequest?.headers["x-custom"]).toBe("one");
    expect(lastRequest?.headers["x-other"]).toBe("two");
    expect(lastRequest?.headers.cookie).toBe("a=1; b=2");
    expect(lastRequest?.headers.origin).toBe("https://example.test");
    ws.shutdown();
  });

  it("host override, suppressOrigin and the connection option", async () => {
    const ws = await createConnection(`${server.url}/echo`, {
      timeout: 3000,
      host: "virtual.example:8080",
      suppressOrigin: true,
      connection: "keep-alive, Upgrade",
    });
    expect(lastRequest?.headers.host).toBe("virtual.example:8080");
    expect(lastRequest?.headers.origin).toBeUndefined();
    expect(lastRequest?.headers.connection).toBe("keep-alive, Upgrade");
    ws.shutdown();
  });

  it("a record header with null drops a default header", async () => {
    const ws = await createConnection(`${server.url}/echo`, {
      timeout: 3000,
      header: { "X-Rec": "v", Origin: null },
    });
    expect(lastRequest?.headers["x-rec"]).toBe("v");
    expect(lastRequest?.headers.origin).toBeUndefined();
    ws.shutdown();
  });
});

describe("redirects (RFC 6455 §4.1 step 5 / HTTP 3xx)", () => {
  let http: Server;
  let httpUrl = "";
  const seen: IncomingMessage[] = [];
  beforeAll(async () => {
    const { port } = new URL(server.url);
    http = createHttpServer((req, res) => {
      seen.push(req);
      const path = req.url ?? "/";
      if (path === "/same-host") {
        res.writeHead(302, { Location: `ws://127.0.0.1:${port}/echo` });
      } else if (path === "/other-host") {
        res.writeHead(307, { Location: `ws://localhost:${port}/echo` });
      } else if (path === "/relative") {
        res.writeHead(301, { Location: "/same-host" });
      } else {
        res.writeHead(302, { Location: path });
      }
      res.end();
    });
    http.listen(0, "127.0.0.1");
    await once(http, "listening");
    httpUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  });

  it("follows a relative then an absolute redirect", async () => {
    const ws = await createConnection(`${httpUrl}/relative`, { timeout: 3000 });
    await ws.send("after redirects");
    expect(await ws.recv()).toBe("after redirects");
    ws.shutdown();
  });

  it("keeps credentials on the same host, strips them cross-host", async () => {
    const u = new URL(`${httpUrl}/other-host`);
    u.username = "user";
    u.password = "secret";
    const ws = await createConnection(u.toString(), {
      timeout: 3000,
      cookie: "session=1",
    });
    expect(seen.at(-1)?.headers.authorization).toMatch(/^Basic /);
    expect(seen.at(-1)?.headers.cookie).toBe("session=1");
    expect(lastRequest?.headers.host).toMatch(/^localhost:/);
    expect(lastRequest?.headers.authorization).toBeUndefined();
    expect(lastRequest?.headers.cookie).toBeUndefined();
    ws.shutdown();
  });

  it("fails when the redirect limit is exhausted", async () => {
    const err = await createConnection(`${httpUrl}/loop`, {
      timeout: 3000,
      redirectLimit: 2,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/redirect/i);
  });
});

describe("waiting: timeouts, AbortSignal, order", () => {
  it("a read timeout leaves the connection usable", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 3000 });
    await expect(ws.recv({ timeout: 50 })).rejects.toBeInstanceOf(WebSocketTimeoutException);
    await ws.send("still here");
    expect(await ws.recv()).toBe("still here");
    ws.shutdown();
  });

  it("an AbortSignal cancels one wait; later calls work", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 3000 });
    const ac = new AbortController();
    const pending = ws.recv({ signal: ac.signal });
    ac.abort(new Error("changed my mind"));
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).cause).toEqual(new Error("changed my mind"));
    await ws.send("next");
    expect(await ws.recv()).toBe("next");
    ws.shutdown();
  });

  it("concurrent recv() calls are served in call order", async () => {
    const ws = await createConnection(`${server.url}/push?n=200`, { timeout: 3000 });
    const results = await Promise.all(Array.from({ length: 200 }, () => ws.recv()));
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    ws.shutdown();
  });

  it("concurrent sends never interleave mid-frame", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 10_000 });
    const sizes = [1, 70_000, 300, 1 << 20, 125, 126, 65_535, 65_536, 2 << 20];
    await Promise.all(sizes.map((n, i) => ws.send(new Uint8Array(n).fill(i + 1))));
    for (let i = 0; i < sizes.length; i++) {
      const msg = (await ws.recv()) as Uint8Array;
      expect(msg.length).toBe(sizes[i]);
      expect(msg.every((b) => b === i + 1)).toBe(true);
    }
    ws.shutdown();
  });
});

describe("iteration and disposal", () => {
  it("for await yields every message and ends after the server's close", async () => {
    const ws = await createConnection(`${server.url}/push?n=5`, { timeout: 3000 });
    setTimeout(() => lastPeer?.close(1000), 100);
    const got: unknown[] = [];
    for await (const msg of ws) got.push(msg);
    expect(got).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("await using closes the connection cleanly", async () => {
    {
      await using ws = await createConnection(`${server.url}/echo?id=u1`, { timeout: 3000 });
      await ws.send("x");
      expect(await ws.recv()).toBe("x");
    }
    await until(() => closes.has("u1"), 3000, "server close event");
    expect(closes.get("u1")?.code).toBe(1000);
  });
});

describe("trace", () => {
  it("prints headers and frames, redacting secrets", async () => {
    const lines: string[] = [];
    enableTrace(true, (l) => lines.push(l));
    try {
      const ws = await createConnection(`${server.url}/echo`, {
        timeout: 3000,
        header: ["Authorization: Bearer top-secret"],
        cookie: "sid=hush",
      });
      await ws.send("Hello");
      await ws.recv();
      await ws.close();
    } finally {
      enableTrace(false);
    }
    const text = lines.join("\n");
    expect(text).toContain("--- request header ---");
    expect(text).toContain("--- response header ---");
    expect(text).toContain("++Sent decoded: fin=1 opcode=1 data=b'Hello'");
    expect(text).toContain("++Rcv decoded: fin=1 opcode=1 data=b'Hello'");
    expect(text).toContain("Authorization: ***");
    expect(text).toContain("Cookie: ***");
    expect(text).not.toContain("top-secret");
    expect(text).not.toContain("hush");
  });
});

describe("state before connect", () => {
  it("reports nothing and refuses to send", async () => {
    const ws = new WebSocket();
    expect(ws.connected).toBe(false);
    expect(ws.status).toBeUndefined();
    expect(ws.subprotocol).toBeNull();
    expect(ws.isSsl()).toBe(false);
    await expect(ws.send("x")).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    await ws.close();
  });
});
