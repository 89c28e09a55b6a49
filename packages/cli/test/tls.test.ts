import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

// A wss:// echo server with a self-signed certificate made at test time
// with the openssl CLI (Debian's openssl, in scripts/peers.txt).
let dir: string;
let server: EchoServer;
let plain: EchoServer;
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
  await plain?.close();
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

/**
 * A scripted HTTPS proxy (TLS to the proxy, then HTTP CONNECT with Basic
 * auth): no Debian proxy here terminates TLS itself. Records each CONNECT line.
 */
async function startHttpsProxy(
  user: string,
  password: string,
): Promise<{ port: number; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const proxy: TlsServer = createTlsServer(
    { cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) },
    (client) => {
      sockets.add(client);
      client.on("error", () => {});
      let head = "";
      const onData = (d: Buffer): void => {
        head += d.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        client.off("data", onData);
        const [line = "", ...headers] = head.slice(0, end).split("\r\n");
        seen.push(line);
        const auth = headers
          .find((h) => /^proxy-authorization:/i.test(h))
          ?.replace(/^[^:]*:\s*/, "");
        if (auth !== expected)
          return void client.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
        const [host, port] = (line.split(" ")[1] ?? "").split(":");
        const upstream = connect({ host, port: Number(port) });
        sockets.add(upstream);
        upstream.on("error", () => client.destroy());
        upstream.once("connect", () => {
          client.write("HTTP/1.1 200 Connection established\r\n\r\n");
          const rest = head.slice(end + 4);
          if (rest) upstream.write(Buffer.from(rest, "latin1"));
          client.pipe(upstream).pipe(client);
        });
      };
      client.on("data", onData);
    },
  );
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
      }),
  };
}

describe("https:// proxy (TLS to the proxy)", () => {
  it("tunnels through CONNECT over TLS with Basic auth, the proxy's certificate verified", async () => {
    plain = await startEchoServer();
    const proxy = await startHttpsProxy("carol", "pw");
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        WEBSOCKET_CLIENT_CA_BUNDLE: join(dir, "cert.pem"),
      };
      for (const k of Object.keys(env)) if (/_proxy$/i.test(k)) delete env[k];
      const r = await runWsdump(
        [plain.url, "--proxy", `https://carol:pw@127.0.0.1:${proxy.port}`],
        {
          input: "via https proxy\n",
          env,
        },
      );
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("via https proxy\n");
      expect(r.code).toBe(EXIT.OK);
      expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${plain.port} HTTP/1.1`]);
      const untrusted = await runWsdump(
        [plain.url, "--proxy", `https://carol:pw@127.0.0.1:${proxy.port}`],
        {
          input: "x\n",
          env: { ...env, WEBSOCKET_CLIENT_CA_BUNDLE: "" },
        },
      );
      expect(untrusted.code).toBe(EXIT.CONNECT);
    } finally {
      await proxy.close();
    }
  });
});
