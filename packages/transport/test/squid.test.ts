import { WebSocketProxyException } from "@wsclient/errors";
import {
  freePort,
  makeCerts,
  type Peer,
  rejection,
  startSquid,
  type TestCerts,
} from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection, type TransportOptions } from "../src/index.js";
import { echo, startWsServer, upgrade, type WsServer } from "./helpers/ws-server.js";

const USER = "carol";
const PASS = "pa ss:wörd";
let squid: Peer;
let certs: TestCerts;
let plain: WsServer;
let secure: WsServer;

beforeAll(async () => {
  certs = makeCerts();
  [squid, plain, secure] = await Promise.all([
    startSquid(USER, PASS),
    startWsServer(),
    startWsServer({ key: certs.key, cert: certs.cert }),
  ]);
});

afterAll(async () => {
  await Promise.all([squid?.stop(), plain?.close(), secure?.close()]);
  certs.remove();
});

const via = (auth?: [string, string]): TransportOptions => ({
  env: {},
  timeout: 10_000,
  httpProxyHost: "127.0.0.1",
  httpProxyPort: squid.port,
  ...(auth ? { httpProxyAuth: auth } : {}),
});

describe("HTTP CONNECT through squid (basic_ncsa_auth)", () => {
  it("tunnels ws with UTF-8 Basic credentials", async () => {
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, via([USER, PASS]));
    expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`)).toContain("101");
    expect(await echo(conn.socket, "via squid")).toBe("via squid");
    conn.socket.destroy();
  });

  it("tunnels wss", async () => {
    const conn = await openConnection(`wss://localhost:${secure.port}/`, {
      ...via([USER, PASS]),
      sslopt: { ca_certs: certs.caFile },
    });
    expect(conn.isSsl).toBe(true);
    expect(await upgrade(conn.socket, `localhost:${secure.port}`)).toContain("101");
    expect(await echo(conn.socket, "tls via squid")).toBe("tls via squid");
    conn.socket.destroy();
  });

  it("407 without credentials, 407 refused with wrong ones", async () => {
    const none = await rejection(openConnection(`ws://127.0.0.1:${plain.port}/`, via()));
    expect(none).toBeInstanceOf(WebSocketProxyException);
    expect(none.message).toMatch(/status: 407 Proxy Authentication Required \(the proxy requires/);
    const wrong = await rejection(
      openConnection(`ws://127.0.0.1:${plain.port}/`, via([USER, "wrong"])),
    );
    expect(wrong).toBeInstanceOf(WebSocketProxyException);
    expect(wrong.message).toMatch(/status: 407 .*authentication was refused/);
  });

  it("a dead target is the proxy's error status (503)", async () => {
    const dead = await freePort();
    const err = await rejection(openConnection(`ws://127.0.0.1:${dead}/`, via([USER, PASS])));
    expect(err).toBeInstanceOf(WebSocketProxyException);
    expect(err.message).toMatch(/status: 503 Service Unavailable/);
  });
});
