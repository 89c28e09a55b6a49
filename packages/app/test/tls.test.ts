import { once } from "node:events";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { WebSocketTlsException } from "@wsclient/errors";
import { makeCerts, type TestCerts, within } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { WebSocketApp } from "../src/index.js";

let certs: TestCerts;
let https: ReturnType<typeof createServer>;
let port: number;

beforeAll(async () => {
  certs = makeCerts();
  https = createServer({ cert: certs.cert, key: certs.key });
  const wss = new WebSocketServer({ server: https });
  wss.on("connection", (peer) => {
    peer.send("secure hello");
    peer.close(1000, "tls done");
  });
  https.listen(0, "127.0.0.1");
  await once(https, "listening");
  port = (https.address() as AddressInfo).port;
});

afterAll(async () => {
  https.closeAllConnections();
  await new Promise<void>((resolve) => https.close(() => resolve()));
  certs.remove();
});

describe("wss:// through runForever's sslopt", () => {
  it("verifies the server against sslopt.ca_certs and runs", async () => {
    const events: unknown[][] = [];
    const app = new WebSocketApp(`wss://127.0.0.1:${port}/`, {
      onMessage: (_a, m) => {
        events.push(["message", m]);
      },
      onError: (_a, e) => {
        events.push(["error", e]);
      },
      onClose: (_a, code, reason) => {
        events.push(["close", code, reason]);
      },
    });
    const errored = await within(
      app.runForever({ sslopt: { ca_certs: certs.caFile } }),
      5000,
      "runForever",
    );
    expect(events).toEqual([
      ["message", "secure hello"],
      ["close", 1000, "tls done"],
    ]);
    expect(errored).toBe(false);
  });

  it("reports an unknown CA to onError as WebSocketTlsException", async () => {
    const errors: unknown[] = [];
    const app = new WebSocketApp(`wss://127.0.0.1:${port}/`, {
      onError: (_a, e) => {
        errors.push(e);
      },
    });
    await expect(within(app.runForever(), 5000, "runForever")).resolves.toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WebSocketTlsException);
  });
});
