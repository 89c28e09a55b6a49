import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { makeCerts, type TestCerts } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

// wscat's TLS flags against a wss:// server whose certificate comes from a
// throwaway CA (openssl, at test time). The server asks for a client
// certificate, says whose it got as its first message, then echoes.
let certs: TestCerts;
let server: Server;
let url: string;
let encryptedKey: string;
beforeAll(async () => {
  certs = makeCerts();
  encryptedKey = join(certs.dir, "client-encrypted.key");
  execFileSync(
    "openssl",
    [
      "pkey",
      "-in",
      certs.clientKeyFile,
      "-aes256",
      "-passout",
      "pass:s3cret",
      "-out",
      encryptedKey,
    ],
    { stdio: "pipe", timeout: 20_000 },
  );
  server = createServer({
    cert: certs.cert,
    key: certs.key,
    ca: certs.ca,
    requestCert: true,
    rejectUnauthorized: false, // answer anyway, and say what was presented
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (peer, req) => {
    const socket = req.socket as TLSSocket;
    const cn = socket.authorized
      ? socket.getPeerCertificate().subject?.CN
      : "no client certificate";
    peer.send(`client: ${cn}`);
    peer.on("message", (data, isBinary) => peer.send(data, { binary: isBinary }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  certs?.remove();
});

const env = (): NodeJS.ProcessEnv => {
  const e = { ...process.env };
  delete e.WEBSOCKET_CLIENT_CA_BUNDLE;
  return e;
};

describe("TLS flags", () => {
  it("--ca trusts the given CA (without it: untrusted, exit 3)", async () => {
    const untrusted = await runWsdump([url], { input: "x\n", env: env() });
    expect(untrusted.code).toBe(EXIT.CONNECT);
    const r = await runWsdump([url, "--ca", certs.caFile], { input: "hello\n", env: env() });
    expect(r.stdout).toBe("client: no client certificate\nhello\n");
    expect(r.code).toBe(EXIT.OK);
  });

  it("-k / --insecure skips verification, as -n does", async () => {
    for (const flag of ["-k", "--insecure"]) {
      const r = await runWsdump([url, flag], { input: "insecure\n", env: env() });
      expect(r.stdout).toBe("client: no client certificate\ninsecure\n");
      expect(r.code).toBe(EXIT.OK);
    }
  });

  it("--cert and --key present a client certificate", async () => {
    const r = await runWsdump(
      [url, "--ca", certs.caFile, "--cert", certs.clientCertFile, "--key", certs.clientKeyFile],
      { input: "", env: env() },
    );
    expect(r.stdout).toBe("client: wsclient test client\n");
    expect(r.code).toBe(EXIT.OK);
  });

  it("--passphrase unlocks an encrypted --key; a wrong one is a TLS error (exit 3, one line)", async () => {
    const args = [url, "--ca", certs.caFile, "--cert", certs.clientCertFile, "--key", encryptedKey];
    const r = await runWsdump([...args, "--passphrase", "s3cret"], { input: "", env: env() });
    expect(r.stdout).toBe("client: wsclient test client\n");
    expect(r.code).toBe(EXIT.OK);
    const wrong = await runWsdump([...args, "--passphrase", "nope"], { input: "", env: env() });
    expect(wrong.code).toBe(EXIT.CONNECT);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    expect(wrong.stderr).toMatch(/TLS setup .* failed: .*bad decrypt.*passphrase/);
    expect(wrong.stderr).not.toContain("nope");
  });
});
