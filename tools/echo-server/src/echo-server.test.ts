import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type EchoServer, startEchoServer } from "./echo-server.js";
import { modeOf } from "./modes.js";

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(async () => {
  await server.close();
});

/** Opens a `ws` client, collects messages until close (bounded by 5 s). */
function session(
  path: string,
  send: Array<string | Buffer> = [],
  protocols?: string[],
): Promise<{ messages: Array<{ data: string; binary: boolean }>; code: number; protocol: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.url + path, protocols);
    const messages: Array<{ data: string; binary: boolean }> = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("session timed out"));
    }, 5000);
    ws.on("open", () => {
      for (const m of send) ws.send(m);
    });
    ws.on("message", (d, binary) => {
      messages.push({ data: d.toString(), binary });
      // Close once every echo is in (paths that push do not close on their own unless asked).
      if (send.length > 0 && messages.length === send.length) ws.close(1000);
    });
    ws.on("error", reject);
    ws.on("close", (code) => {
      clearTimeout(timer);
      resolve({ messages, code, protocol: ws.protocol });
    });
  });
}

describe("modes", () => {
  it("picks the mode from the path", () => {
    expect(modeOf("/")).toBe("echo");
    expect(modeOf("/push?n=3")).toBe("push");
    expect(modeOf("/flood")).toBe("flood");
    expect(modeOf("/whatever")).toBe("echo");
  });

  it("echoes text as text and binary as binary", async () => {
    const r = await session("/", ["hello", Buffer.from([1, 2])]);
    expect(r.messages).toEqual([
      { data: "hello", binary: false },
      { data: "\u0001\u0002", binary: true },
    ]);
    expect(r.code).toBe(1000);
  });

  it("accepts the first offered subprotocol", async () => {
    const r = await session("/", ["x"], ["chat", "superchat"]);
    expect(r.protocol).toBe("chat");
  });

  it("pushes n messages then closes with the code asked for", async () => {
    const r = await session("/push?n=3&close=4000");
    expect(r.messages.map((m) => m.data)).toEqual(["message 1", "message 2", "message 3"]);
    expect(r.code).toBe(4000);
  });

  it("floods the bytes asked for, then closes 1000", async () => {
    const r = await session("/flood?bytes=100000&size=30000");
    expect(r.messages.map((m) => m.data.length)).toEqual([30000, 30000, 30000, 10000]);
    expect(r.code).toBe(1000);
  });

  it("reflects the request headers as JSON", async () => {
    const r = await session("/headers", ["bye"]);
    const headers = JSON.parse(r.messages[0]?.data ?? "{}") as Record<string, string>;
    expect(headers.upgrade).toBe("websocket");
  });

  it("closes at once with the code and reason asked for", async () => {
    const r = await session("/close?code=4001&reason=nope");
    expect(r.code).toBe(4001);
  });
});
