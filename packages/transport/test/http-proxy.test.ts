import { TLSSocket } from "node:tls";
import { WebSocketProxyException, WebSocketTimeoutException } from "@wsclient/errors";
import {
  freePort,
  makeCerts,
  onHead,
  type Peer,
  type RawServer,
  rejection,
  startRawServer,
  startTinyproxy,
  type TestCerts,
} from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection } from "../src/index.js";
import { type ScriptedServer, startTlsFront } from "./helpers/scripted-proxies.js";
import { echo, startWsServer, upgrade, type WsServer } from "./helpers/ws-server.js";

const USER = "alice";
const PASS = "s3cret";
let tinyproxy: Peer;
let httpsFront: ScriptedServer;
let certs: TestCerts;
let plain: WsServer;
let secure: WsServer;

beforeAll(async () => {
  certs = makeCerts();
  [tinyproxy, plain, secure] = await Promise.all([
    startTinyproxy(USER, PASS),
    startWsServer(),
    startWsServer({ key: certs.key, cert: certs.cert }),
  ]);
  httpsFront = await startTlsFront(tinyproxy.port, certs.key, certs.cert);
});

afterAll(async () => {
  await Promise.all([tinyproxy?.stop(), plain?.close(), secure?.close(), httpsFront?.close()]);
  certs.remove();
});

const env = {};

describe("HTTP CONNECT through tinyproxy (Basic auth)", () => {
  it("tunnels ws with explicit options", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/p`, {
      timeout: 5000,
      env,
      httpProxyHost: "127.0.0.1",
      httpProxyPort: tinyproxy.port,
      httpProxyAuth: [USER, PASS],
    });
    expect(conn.proxy).toEqual({
      type: "http",
      host: "127.0.0.1",
      port: tinyproxy.port,
      auth: [USER, PASS],
    });
    expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`, "/p")).toContain("101");
    expect(await echo(conn.socket, "via tinyproxy")).toBe("via tinyproxy");
    conn.socket.destroy();
  });

  it("tunnels wss, TLS end to end over the tunnel", async () => {
    const conn = await openConnection(`wss://localhost:${secure.port}/`, {
      timeout: 5000,
      env,
      httpProxyHost: "127.0.0.1",
      httpProxyPort: tinyproxy.port,
      httpProxyAuth: [USER, PASS],
      sslopt: { ca_certs: certs.caFile },
    });
    expect(conn.isSsl).toBe(true);
    expect(conn.socket).toBeInstanceOf(TLSSocket);
    expect(await upgrade(conn.socket, `localhost:${secure.port}`)).toContain("101");
    expect(await echo(conn.socket, "tls via tinyproxy")).toBe("tls via tinyproxy");
    conn.socket.destroy();
  });

  it("says the proxy wants authentication (407) when none was given", async () => {
    const err = await rejection(
      openConnection(`ws://127.0.0.1:${plain.port}/`, {
        timeout: 5000,
        env,
        httpProxyHost: "127.0.0.1",
        httpProxyPort: tinyproxy.port,
      }),
    );
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/status: 407 .*requires authentication/);
  });

  it("says the credentials were refused", async () => {
    const err = await rejection(
      openConnection(`ws://127.0.0.1:${plain.port}/`, {
        timeout: 5000,
        env,
        httpProxyHost: "127.0.0.1",
        httpProxyPort: tinyproxy.port,
        httpProxyAuth: [USER, "wrong"],
      }),
    );
    expect(err).toBeInstanceOf(WebSocketProxyException);
    // tinyproxy answers wrong credentials with 401
    expect(err.message).toMatch(/status: 40[17] .*authentication was refused/);
  });

  it("goes through an HTTPS proxy (TLS to the proxy, then TLS to the server)", async () => {
    const conn = await openConnection(`wss://127.0.0.1:${secure.port}/`, {
      timeout: 5000,
      env,
      httpProxyHost: "localhost",
      httpProxyPort: httpsFront.port,
      proxyType: "https",
      httpProxyAuth: [USER, PASS],
      sslopt: { ca_certs: certs.caFile },
    });
    expect(conn.proxy?.type).toBe("https");
    expect(await upgrade(conn.socket, `127.0.0.1:${secure.port}`)).toContain("101");
    expect(await echo(conn.socket, "tls in tls")).toBe("tls in tls");
    conn.socket.destroy();
  });
});

describe("environment proxies, end to end", () => {
  it("uses http_proxy (with userinfo credentials) for ws", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, {
      timeout: 5000,
      env: { http_proxy: `http://${USER}:${PASS}@127.0.0.1:${tinyproxy.port}` },
    });
    expect(conn.proxy).toMatchObject({ type: "http", port: tinyproxy.port, auth: [USER, PASS] });
    expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`)).toContain("101");
    conn.socket.destroy();
  });

  it("uses HTTPS_PROXY for wss and ignores http_proxy", async () => {
    const dead = await freePort();
    const conn = await openConnection(`wss://localhost:${secure.port}/`, {
      timeout: 5000,
      sslopt: { ca_certs: certs.caFile },
      env: {
        http_proxy: `http://127.0.0.1:${dead}`,
        HTTPS_PROXY: `http://${USER}:${PASS}@127.0.0.1:${tinyproxy.port}`,
      },
    });
    expect(conn.proxy?.port).toBe(tinyproxy.port);
    expect(await upgrade(conn.socket, `localhost:${secure.port}`)).toContain("101");
    conn.socket.destroy();
  });

  it("uses an https:// proxy from https_proxy, trusting WEBSOCKET_CLIENT_CA_BUNDLE for both hops", async () => {
    const conn = await openConnection(`wss://localhost:${secure.port}/`, {
      timeout: 5000,
      env: {
        https_proxy: `https://${USER}:${PASS}@localhost:${httpsFront.port}`,
        WEBSOCKET_CLIENT_CA_BUNDLE: certs.caFile,
      },
    });
    expect(conn.proxy).toMatchObject({ type: "https", host: "localhost", port: httpsFront.port });
    expect(await upgrade(conn.socket, `localhost:${secure.port}`)).toContain("101");
    expect(await echo(conn.socket, "env https proxy")).toBe("env https proxy");
    conn.socket.destroy();
  });

  it("tunnels to an IPv6 literal (CONNECT [::1]:port)", async () => {
    const v6 = await startWsServer(undefined, "::1");
    try {
      const conn = await openConnection(`ws://[::1]:${v6.port}/`, {
        timeout: 5000,
        env: { http_proxy: `http://${USER}:${PASS}@127.0.0.1:${tinyproxy.port}` },
      });
      expect(await upgrade(conn.socket, `[::1]:${v6.port}`)).toContain("101");
      conn.socket.destroy();
    } finally {
      await v6.close();
    }
  });

  it("bypasses the proxy for no_proxy hosts", async () => {
    const dead = await freePort();
    for (const noProxy of ["127.0.0.1", "127.0.0.0/8", "*", `127.0.0.1:${plain.port}`]) {
      const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, {
        timeout: 5000,
        env: { http_proxy: `http://127.0.0.1:${dead}`, no_proxy: noProxy },
      });
      expect(conn.proxy).toBeNull();
      expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`)).toContain("101");
      conn.socket.destroy();
    }
  });

  it("bypasses an explicit proxy for httpNoProxy hosts", async () => {
    const dead = await freePort();
    const conn = await openConnection(`ws://localhost:${plain.port}/`, {
      timeout: 5000,
      env,
      httpProxyHost: "127.0.0.1",
      httpProxyPort: dead,
      httpNoProxy: ["LOCALHOST"],
    });
    expect(conn.proxy).toBeNull();
    conn.socket.destroy();
  });
});

describe("misbehaving HTTP proxies (scripted)", () => {
  let servers: RawServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  async function proxyThat(act: Parameters<typeof startRawServer>[0]): Promise<RawServer> {
    const s = await startRawServer(act, { record: true });
    servers.push(s);
    return s;
  }
  const via = (port: number, extra: Record<string, unknown> = {}) => ({
    env,
    timeout: 5000,
    httpProxyHost: "127.0.0.1",
    httpProxyPort: port,
    ...extra,
  });

  it("sends exactly the CONNECT request (IPv6 bracketed, Basic auth)", async () => {
    const proxy = await proxyThat((s) =>
      onHead(s, () => s.end("HTTP/1.1 502 Bad Gateway\r\n\r\n")),
    );
    await rejection(
      openConnection("ws://[::1]:9001/", via(proxy.port, { httpProxyAuth: ["user", "p@ss:w"] })),
    );
    expect(proxy.received[0]?.toString()).toBe(
      "CONNECT [::1]:9001 HTTP/1.1\r\nHost: [::1]:9001\r\n" +
        "Proxy-Authorization: Basic dXNlcjpwQHNzOnc=\r\n\r\n",
    );
  });

  it("502 → WebSocketProxyException with the status", async () => {
    const proxy = await proxyThat((s) =>
      onHead(s, () => s.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")),
    );
    const err = await rejection(openConnection("ws://example.test:80/", via(proxy.port)));
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/failed CONNECT via proxy 127.0.0.1:\d+ status: 502 Bad Gateway/);
  });

  it("407 → WebSocketProxyException saying authentication was refused", async () => {
    const proxy = await proxyThat((s) =>
      onHead(s, () =>
        s.write(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\n\r\n',
        ),
      ),
    );
    const err = await rejection(
      openConnection("ws://example.test/", via(proxy.port, { httpProxyAuth: ["u", "p"] })),
    );
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(
      /status: 407 Proxy Authentication Required \(proxy authentication was refused/,
    );
  });

  it("no answer → WebSocketTimeoutException from httpProxyTimeout", async () => {
    const proxy = await proxyThat(() => {});
    const err = await rejection(
      openConnection(
        "ws://example.test/",
        via(proxy.port, { httpProxyTimeout: 300, timeout: 10_000 }),
      ),
    );
    expect(err).toBeInstanceOf(WebSocketTimeoutException);
    expect(err.message).toMatch(/300 ms \(httpProxyTimeout\) while waiting for the CONNECT answer/);
  });

  it("no answer → WebSocketTimeoutException within the overall timeout", async () => {
    const proxy = await proxyThat(() => {});
    const err = await rejection(
      openConnection("ws://example.test/", via(proxy.port, { timeout: 300 })),
    );
    expect(err).toBeInstanceOf(WebSocketTimeoutException);
    expect(err.message).toMatch(/300 ms \(timeout\)/);
  });

  it("closing mid-CONNECT → WebSocketProxyException", async () => {
    const proxy = await proxyThat((s) => onHead(s, () => s.end("HTTP/1.1 200 Conn")));
    const err = await rejection(openConnection("ws://example.test/", via(proxy.port)));
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/closed the connection before answering CONNECT completely/);
  });

  it("closing at once → WebSocketProxyException", async () => {
    const proxy = await proxyThat((s) => s.destroy());
    const err = await rejection(openConnection("ws://example.test/", via(proxy.port)));
    expect(err).toBeInstanceOf(WebSocketProxyException);
  });

  it("endless headers → WebSocketProxyException (bounded memory)", async () => {
    const proxy = await proxyThat((s) =>
      onHead(s, () => {
        s.write("HTTP/1.1 200 OK\r\n");
        const line = `X-Filler: ${"a".repeat(1000)}\r\n`;
        let n = 0;
        const pump = (): void => {
          while (n++ < 100 && s.write(line)) {}
          if (n < 100 && !s.destroyed) s.once("drain", pump);
        };
        pump();
      }),
    );
    const err = await rejection(openConnection("ws://example.test/", via(proxy.port)));
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/more than 16384 bytes/);
  });

  it("a non-HTTP answer → WebSocketProxyException", async () => {
    const proxy = await proxyThat((s) => onHead(s, () => s.write("SSH-2.0-OpenSSH_9\r\n\r\n")));
    const err = await rejection(openConnection("ws://example.test/", via(proxy.port)));
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/malformed status line "SSH-2.0-OpenSSH_9"/);
  });

  it("an unreachable proxy → WebSocketProxyException with the address error as cause", async () => {
    const dead = await freePort();
    const err = await rejection(openConnection("ws://example.test/", via(dead)));
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(
      /Cannot reach the http proxy: Cannot connect to 127.0.0.1:\d+: connection refused/,
    );
  });

  it("skips 1xx interim answers before the 200", async () => {
    const proxy = await proxyThat((s) =>
      onHead(s, () => s.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n")),
    );
    const conn = await openConnection("ws://example.test/", via(proxy.port));
    expect(conn.proxy?.port).toBe(proxy.port);
    conn.socket.destroy();
  });

  it("keeps bytes the proxy sent right after its 200 for the caller", async () => {
    const proxy = await proxyThat((s) =>
      onHead(s, () => s.write("HTTP/1.1 200 Connection established\r\n\r\nEARLY")),
    );
    const conn = await openConnection("ws://example.test/", via(proxy.port));
    const chunk = await new Promise<Buffer>((resolve) => {
      conn.socket.once("data", resolve);
      conn.socket.resume();
    });
    expect(chunk.toString()).toBe("EARLY");
    conn.socket.destroy();
  });
});
