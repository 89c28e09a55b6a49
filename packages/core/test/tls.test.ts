import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocketException } from "@wsclient/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { createConnection } from "../src/index.js";

let dir = "";
let https: Server;
let wss: WebSocketServer;
let url = "";

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, made at test time.
  dir = mkdtempSync(join(tmpdir(), "wsclient-core-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  https = createServer({
    key: readFileSync(join(dir, "key.pem")),
    cert: readFileSync(join(dir, "cert.pem")),
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
  rmSync(dir, { recursive: true, force: true });
});

describe("wss:// (TLS)", () => {
  it("connects with the CA given in sslopt and reports isSsl()", async () => {
    const ws = await createConnection(url, {
      timeout: 5000,
      sslopt: { ca_certs: join(dir, "cert.pem") },
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
