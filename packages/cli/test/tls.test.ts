import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

// A wss:// echo server with a self-signed certificate made at test time
// with the openssl CLI (Debian's openssl, in scripts/peers.txt).
let dir: string;
let server: EchoServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wsdump-tls-"));
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
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore", timeout: 20_000 },
  );
  server = await startEchoServer({
    tls: { cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) },
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("TLS", () => {
  it("refuses an untrusted certificate: exit 3, one line", async () => {
    const r = await runWsdump([server.url], { input: "x\n" });
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/certificate/i);
  });

  it("-n/--nocert skips verification", async () => {
    const r = await runWsdump([server.url, "-n"], { input: "over tls\n" });
    expect(r.stdout).toBe("over tls\n");
    expect(r.code).toBe(EXIT.OK);
  });

  it("trusts a CA given through WEBSOCKET_CLIENT_CA_BUNDLE", async () => {
    const r = await runWsdump([server.url], {
      input: "trusted\n",
      env: { ...process.env, WEBSOCKET_CLIENT_CA_BUNDLE: join(dir, "cert.pem") },
    });
    expect(r.stdout).toBe("trusted\n");
    expect(r.code).toBe(EXIT.OK);
  });
});
