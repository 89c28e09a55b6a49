import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

/** A `ws` echo server with perMessageDeflate (threshold 0) that records each request's offer. */
let wss: WebSocketServer;
let url: string;
const offers: (string | undefined)[] = [];
beforeAll(async () => {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: { threshold: 0 } });
  wss.on("connection", (ws, req) => {
    offers.push(req.headers["sec-websocket-extensions"]);
    ws.on("message", (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
  });
  await once(wss, "listening");
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

describe("wsdump compression (permessage-deflate, on by default)", () => {
  it("offers it by default; -v shows what was negotiated", async () => {
    offers.length = 0;
    const r = await runWsdump([url, "-v", "--eof-wait", "0.5"], { input: "hello compressed\n" });
    expect(r.code).toBe(EXIT.OK);
    expect(offers).toEqual(["permessage-deflate; client_max_window_bits"]);
    expect(r.stderr).toContain(
      "compression: permessage-deflate; server_max_window_bits=15; client_max_window_bits=15",
    );
    expect(r.stdout).toContain("hello compressed");
  });

  it("--no-compress offers nothing", async () => {
    offers.length = 0;
    const r = await runWsdump([url, "-v", "--no-compress", "--eof-wait", "0.5"], {
      input: "plain\n",
    });
    expect(r.code).toBe(EXIT.OK);
    expect(offers).toEqual([undefined]);
    expect(r.stderr).toContain("compression: (none)");
    expect(r.stdout).toContain("plain");
  });
});
