import {
  type DeflateEchoServer,
  startDeflateEchoServer,
} from "@wsclient-tools/test-utils/deflate-echo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, WebSocket, WebSocketApp, WebSocketException } from "../src/index.js";

/** A `ws` echo server with perMessageDeflate that records each request's offer. */
let server: DeflateEchoServer;
let url: string;
let offers: (string | undefined)[];
beforeAll(async () => {
  server = await startDeflateEchoServer();
  ({ url, offers } = server);
});
afterAll(async () => {
  await server.close();
});

const DEFAULT_OFFER = "permessage-deflate; client_max_window_bits";
const big = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, name: `item ${i}` })));

describe("the facade turns compression on by default", () => {
  it("createConnection offers permessage-deflate and compresses both ways", async () => {
    offers.length = 0;
    const ws = await createConnection(url, { timeout: 5000 });
    expect(offers).toEqual([DEFAULT_OFFER]);
    expect(ws.headers?.["sec-websocket-extensions"]).toBe("permessage-deflate");
    await ws.send(big);
    expect(await ws.recv()).toBe(big);
    expect(ws.sock!.bytesWritten).toBeLessThan(big.length / 3);
    expect(ws.sock!.bytesRead).toBeLessThan(big.length / 3);
    await ws.close();
  });

  it("WebSocket#connect too; compression: false offers nothing", async () => {
    offers.length = 0;
    const on = new WebSocket();
    await on.connect(url, { timeout: 5000 });
    const off = new WebSocket({ compression: false });
    await off.connect(url, { timeout: 5000 });
    expect(offers).toEqual([DEFAULT_OFFER, undefined]);
    await off.send(big);
    expect(await off.recv()).toBe(big);
    await Promise.all([on.close(), off.close()]);
  });

  it("compression: { ... } passes permessage-deflate options; bad ones are a WebSocketException", async () => {
    offers.length = 0;
    const ws = await createConnection(url, {
      timeout: 5000,
      compression: { serverNoContextTakeover: true, serverMaxWindowBits: 10 },
    });
    expect(offers).toEqual([
      "permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits",
    ]);
    await ws.close();
    await expect(createConnection(url, { compression: { windowBits: 9 } })).rejects.toThrow(
      WebSocketException,
    );
  });

  it("WebSocketApp offers it too", async () => {
    offers.length = 0;
    const got: string[] = [];
    const app = new WebSocketApp(url, {
      onOpen: (a) => void a.send(big),
      onMessage: (a, m) => {
        got.push(m as string);
        a.close();
      },
    });
    await app.runForever();
    expect(offers).toEqual([DEFAULT_OFFER]);
    expect(got).toEqual([big]);
  });
});
