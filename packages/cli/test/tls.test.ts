import { connect, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { listenLoopback, makeCerts, onHead, type TestCerts } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

// A wss:// echo server with a certificate from a throwaway CA made at test
// time with the openssl CLI (Debian's openssl, in scripts/peers.txt).
let certs: TestCerts;
let server: EchoServer;
let plain: EchoServer;
beforeAll(async () => {
  certs = makeCerts();
  server = await startEchoServer({ tls: { cert: certs.cert, key: certs.key } });
});
afterAll(async () => {
  await server?.close();
  await plain?.close();
  certs?.remove();
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
      env: { ...process.env, WEBSOCKET_CLIENT_CA_BUNDLE: certs.caFile },
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
  const proxy = createTlsServer({ cert: certs.cert, key: certs.key }, (client) => {
    sockets.add(client);
    client.on("error", () => {});
    onHead(client, (head, rest) => {
      const [line = "", ...headers] = head.split("\r\n");
      seen.push(line);
      const auth = headers.find((h) => /^proxy-authorization:/i.test(h))?.replace(/^[^:]*:\s*/, "");
      if (auth !== expected)
        return void client.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
      const [host, port] = (line.split(" ")[1] ?? "").split(":");
      const upstream = connect({ host, port: Number(port) });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      upstream.once("connect", () => {
        client.write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
    });
  });
  const { port, close } = await listenLoopback(proxy, "127.0.0.1", sockets);
  return { port, seen, close };
}

describe("https:// proxy (TLS to the proxy)", () => {
  it("tunnels through CONNECT over TLS with Basic auth, the proxy's certificate verified", async () => {
    plain = await startEchoServer();
    const proxy = await startHttpsProxy("carol", "pw");
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        WEBSOCKET_CLIENT_CA_BUNDLE: certs.caFile,
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
