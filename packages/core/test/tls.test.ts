import { once } from "node:events";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { WebSocketException } from "@wsclient/errors";
import { makeCerts, type TestCerts } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { createConnection } from "../src/index.js";

let certs: TestCerts;
let https: Server;
let wss: WebSocketServer;
let url = "";

beforeAll(async () => {
  // A throwaway CA and a server certificate for 127.0.0.1, made at test time.
  certs = makeCerts();
  https = createServer({
    key: certs.key,
    cert: certs.cert,
  });
  wss = new WebSocketServer({ server: https });
  wss.on("connection", (ws) => ws.on("message", (d, bin) => ws.send(d, { binary: bin })));
  https.listen(0, "127.0.0.1");
  await once(https, "listening");
  url = `wss://127.0.0.1:${(https.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  wss.close();
  https.closeAllConnections();
  await new Promise<void>((r) => https.close(() => r()));
  certs.remove();
});

describe("wss:// (TLS)", () => {
  it("connects with the CA given in sslopt and reports isSsl()", async () => {
    const ws = await createConnection(url, {
      timeout: 5000,
      sslopt: { ca_certs: certs.caFile },
    });
    expect(ws.isSsl()).toBe(true);
    await ws.send("secure");
    expect(await ws.recv()).toBe("secure");
    await ws.close();
  });

  it("refuses an unknown certificate by default with a typed error", async () => {
    const err = await createConnection(url, { timeout: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
  });
});
