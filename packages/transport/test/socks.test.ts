import { WebSocketProxyException, WebSocketTimeoutException } from "@wsclient/errors";
import {
  makeCerts,
  type Peer,
  type RawServer,
  rejection,
  startDante,
  startMicrosocks,
  startRawServer,
  type TestCerts,
} from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection, type TransportOptions } from "../src/index.js";
import {
  type ScriptedServer,
  startSocks4aServer,
  startSocks5Recorder,
} from "./helpers/scripted-proxies.js";
import { echo, startWsServer, upgrade, type WsServer } from "./helpers/ws-server.js";

const USER = "bob";
const PASS = "pa:ss w0rd";
let microsocks: Peer;
let dante: Peer;
let socks4a: ScriptedServer;
let recorder: ScriptedServer;
let silent: RawServer;
let hangup: RawServer;
let certs: TestCerts;
let plain: WsServer;
let secure: WsServer;
const env = {};

beforeAll(async () => {
  certs = makeCerts();
  [microsocks, dante, socks4a, recorder, silent, hangup, plain, secure] = await Promise.all([
    startMicrosocks(USER, PASS),
    startDante(),
    startSocks4aServer(),
    startSocks5Recorder(),
    startRawServer(() => {}, { record: true }),
    startRawServer((s) => s.once("data", () => s.destroy()), { record: true }),
    startWsServer(),
    startWsServer({ key: certs.key, cert: certs.cert }),
  ]);
});

afterAll(async () => {
  await Promise.all([
    microsocks?.stop(),
    dante?.stop(),
    socks4a?.close(),
    recorder?.close(),
    silent?.close(),
    hangup?.close(),
    plain?.close(),
    secure?.close(),
  ]);
  certs.remove();
});

async function expectEcho(url: string, options: TransportOptions, host: string): Promise<void> {
  const conn = await openConnection(url, { timeout: 5000, env, ...options });
  try {
    expect(await upgrade(conn.socket, host)).toBe("HTTP/1.1 101 Switching Protocols");
    expect(await echo(conn.socket, "through socks")).toBe("through socks");
  } finally {
    conn.socket.destroy();
  }
}

describe("SOCKS5 through microsocks (username/password)", () => {
  const via = (type: "socks5" | "socks5h", auth: [string, string] = [USER, PASS]) => ({
    httpProxyHost: "127.0.0.1",
    httpProxyPort: microsocks.port,
    proxyType: type,
    httpProxyAuth: auth,
  });

  it("socks5 (local DNS) reaches a ws server", async () => {
    await expectEcho(`ws://localhost:${plain.port}/`, via("socks5"), `localhost:${plain.port}`);
  });

  it("socks5h (remote DNS) reaches a ws server by name", async () => {
    await expectEcho(`ws://localhost:${plain.port}/`, via("socks5h"), `localhost:${plain.port}`);
  });

  it("carries TLS to a wss server", async () => {
    await expectEcho(
      `wss://localhost:${secure.port}/`,
      { ...via("socks5h"), sslopt: { ca_certs: certs.caFile } },
      `localhost:${secure.port}`,
    );
  });

  it("wrong password → WebSocketProxyException", async () => {
    const err = await rejection(
      openConnection(`ws://127.0.0.1:${plain.port}/`, {
        timeout: 5000,
        env,
        ...via("socks5", [USER, "nope"]),
      }),
    );
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(
      /socks5 proxy 127.0.0.1:\d+ failed to connect to 127.0.0.1:\d+: .*Authentication failed/,
    );
  });

  it("is chosen from all_proxy with percent-encoded credentials", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, {
      timeout: 5000,
      env: {
        all_proxy: `socks5h://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${microsocks.port}`,
      },
    });
    expect(conn.proxy).toEqual({
      type: "socks5h",
      host: "127.0.0.1",
      port: microsocks.port,
      auth: [USER, PASS],
    });
    expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`)).toContain("101");
    conn.socket.destroy();
  });

  it("is bypassed for no_proxy hosts (SOCKS respects no_proxy)", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, {
      timeout: 5000,
      env: { no_proxy: "127.0.0.1" },
      httpProxyHost: "127.0.0.1",
      httpProxyPort: silent.port,
      proxyType: "socks5",
    });
    expect(conn.proxy).toBeNull();
    conn.socket.destroy();
  });
});

describe("SOCKS4 through Dante", () => {
  const via = { httpProxyHost: "127.0.0.1", httpProxyPort: 0, proxyType: "socks4" as const };

  it("reaches an IPv4 address", async () => {
    await expectEcho(
      `ws://127.0.0.1:${plain.port}/`,
      { ...via, httpProxyPort: dante.port },
      `127.0.0.1:${plain.port}`,
    );
  });

  it("resolves names locally to IPv4", async () => {
    await expectEcho(
      `ws://localhost:${plain.port}/`,
      { ...via, httpProxyPort: dante.port },
      `localhost:${plain.port}`,
    );
  });

  it("cannot reach IPv6 literals", async () => {
    const err = await rejection(
      openConnection("ws://[::1]:1/", { env, ...via, httpProxyPort: dante.port }),
    );
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/socks4 cannot reach the IPv6 address ::1/);
  });
});

describe("SOCKS4a (scripted server: no Debian proxy speaks 4a)", () => {
  it("sends the name and the user id, and the proxy resolves it", async () => {
    await expectEcho(
      `ws://localhost:${plain.port}/`,
      {
        httpProxyHost: "127.0.0.1",
        httpProxyPort: socks4a.port,
        proxyType: "socks4a",
        httpProxyAuth: ["carol", ""],
      },
      `localhost:${plain.port}`,
    );
    expect(socks4a.seen).toContain(`carol@localhost:${plain.port} (4a)`);
  });
});

describe("remote DNS or not (scripted SOCKS5 recorder)", () => {
  it("socks5h sends the name, socks5 the resolved address; a refusal is a WebSocketProxyException", async () => {
    for (const proxyType of ["socks5h", "socks5"] as const) {
      const err = await rejection(
        openConnection("ws://localhost:9/", {
          env,
          timeout: 5000,
          httpProxyHost: "127.0.0.1",
          httpProxyPort: recorder.port,
          proxyType,
        }),
      );
      expect(err).toBeInstanceOf(WebSocketProxyException);
      expect(err.message).toMatch(/HostUnreachable/);
    }
    expect(recorder.seen).toEqual(["domain:localhost", "ip:127.0.0.1"]);
  });
});

describe("misbehaving SOCKS proxies (scripted)", () => {
  it("no answer → WebSocketTimeoutException from httpProxyTimeout", async () => {
    const err = await rejection(
      openConnection(`ws://127.0.0.1:${plain.port}/`, {
        env,
        timeout: 10_000,
        httpProxyTimeout: 300,
        httpProxyHost: "127.0.0.1",
        httpProxyPort: silent.port,
        proxyType: "socks5",
      }),
    );
    expect(err).toBeInstanceOf(WebSocketTimeoutException);
    expect(err.message).toMatch(/300 ms \(httpProxyTimeout\) while the socks5 handshake/);
  });

  it("a flood instead of a reply → WebSocketProxyException", async () => {
    const flood = await startRawServer((s) => s.write(Buffer.alloc(64 * 1024, 0x05)), {
      record: true,
    });
    try {
      const err = await rejection(
        openConnection(`ws://127.0.0.1:${plain.port}/`, {
          env,
          timeout: 5000,
          httpProxyHost: "127.0.0.1",
          httpProxyPort: flood.port,
          proxyType: "socks5",
        }),
      );
      expect(err).toBeInstanceOf(WebSocketProxyException);
    } finally {
      await flood.close();
    }
  });

  it("closing mid-handshake → WebSocketProxyException", async () => {
    const err = await rejection(
      openConnection(`ws://127.0.0.1:${plain.port}/`, {
        env,
        timeout: 5000,
        httpProxyHost: "127.0.0.1",
        httpProxyPort: hangup.port,
        proxyType: "socks4a",
      }),
    );
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/socks4a proxy 127.0.0.1:\d+ failed/);
  });
});
