import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, WebSocket } from "../src/index.js";
import { startWsServer } from "./helpers.js";

let server: Awaited<ReturnType<typeof startWsServer>>;

beforeAll(async () => {
  server = await startWsServer();
  server.wss.on("connection", (ws) => {
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
});
afterAll(async () => {
  await server.close();
});

describe("against a ws echo server", () => {
  it("sends and receives text, binary and empty messages, then closes", async () => {
    const ws = new WebSocket();
    await ws.connect(server.url, { timeout: 5000 });
    expect(ws.connected).toBe(true);
    expect(ws.status).toBe(101);
    expect(await ws.send("Hello")).toBe(11);
    expect(await ws.recv()).toBe("Hello");
    await ws.sendBinary(new Uint8Array([0, 1, 2, 255]));
    expect(await ws.recv()).toEqual(new Uint8Array([0, 1, 2, 255]));
    await ws.send("");
    expect(await ws.recv()).toBe("");
    await ws.sendBytes(new Uint8Array(0));
    expect(await ws.recv()).toEqual(new Uint8Array(0));
    await ws.close();
    expect(ws.connected).toBe(false);
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });

  it("createConnection + 16 MiB binary round trip", async () => {
    const ws = await createConnection(server.url, { timeout: 10_000 });
    const big = new Uint8Array(16 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    await ws.send(big);
    const back = await ws.recv();
    expect(back).toBeInstanceOf(Uint8Array);
    expect((back as Uint8Array).length).toBe(big.length);
    expect(Buffer.from(back as Uint8Array).equals(Buffer.from(big))).toBe(true);
    await ws.close();
  });
});

describe("defaults", () => {
  it("createConnection applies setDefaultTimeout; connect alone does not", async () => {
    const { getDefaultTimeout, setDefaultTimeout } = await import("../src/index.js");
    expect(getDefaultTimeout()).toBeNull();
    setDefaultTimeout(1234);
    try {
      const ws = await createConnection(server.url);
      expect(ws.getTimeout()).toBe(1234);
      ws.shutdown();
      const plain = new WebSocket({ enableMultithread: true });
      await plain.connect(server.url);
      expect(plain.timeout).toBeNull();
      plain.shutdown();
    } finally {
      setDefaultTimeout(null);
    }
  });
});

describe("bad input from the caller", () => {
  it("rejects with a WebSocketException naming the problem, never a TypeError", async () => {
    const { WebSocketException } = await import("@wsclient/errors");
    const ws = await createConnection(server.url, { timeout: 3000 });
    const bad: Array<[string, () => Promise<unknown>]> = [
      ["send(number)", () => ws.send(42 as unknown as string)],
      ["sendText(bytes)", () => ws.sendText(new Uint8Array(1) as unknown as string)],
      ["sendBinary(string)", () => ws.sendBinary("x" as unknown as Uint8Array)],
      ["sendFrame({})", () => ws.sendFrame({} as never)],
      ["ping(126 bytes)", () => ws.ping(new Uint8Array(126))],
      ["send(close, 1 byte)", () => ws.send(new Uint8Array([3]), 8)],
      ["send(opcode 3)", () => ws.send("x", 3 as never)],
      ["close(status 70000)", () => ws.close({ status: 70_000 })],
    ];
    for (const [name, call] of bad) {
      const err = await call().catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(WebSocketException);
    }
    // Still usable; views and ArrayBuffers are accepted as binary.
    await ws.send(new Uint16Array([1]) as unknown as Uint8Array);
    expect(await ws.recv()).toEqual(new Uint8Array([1, 0]));
    ws.shutdown();
  });
});
