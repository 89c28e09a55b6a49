import {
  freePort,
  makeCerts,
  type Peer,
  startTinyproxy,
  type TestCerts,
} from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection } from "../src/index.js";
import { echo, startWsServer, upgrade, type WsServer } from "./helpers/ws-server.js";

const USER = "bob";
const PASS = "pr0xy";
let tinyproxy: Peer;
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
});

afterAll(async () => {
  await Promise.all([tinyproxy?.stop(), plain?.close(), secure?.close()]);
  certs.remove();
});

describe("ws_proxy / wss_proxy through tinyproxy (python-websockets' environment)", () => {
  it("ws_proxy wins over http_proxy and all_proxy for ws", async () => {
    const dead = await freePort();
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, {
      timeout: 5000,
      env: {
        http_proxy: `http://127.0.0.1:${dead}`,
        all_proxy: `http://127.0.0.1:${dead}`,
        ws_proxy: `http://${USER}:${PASS}@127.0.0.1:${tinyproxy.port}`,
      },
    });
    expect(conn.proxy).toMatchObject({ type: "http", port: tinyproxy.port, auth: [USER, PASS] });
    expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`)).toContain("101");
    expect(await echo(conn.socket, "via ws_proxy")).toBe("via ws_proxy");
    conn.socket.destroy();
  });

  it("WSS_PROXY (upper case) wins over https_proxy for wss", async () => {
    const dead = await freePort();
    const conn = await openConnection(`wss://localhost:${secure.port}/`, {
      timeout: 5000,
      sslopt: { ca_certs: certs.caFile },
      env: {
        https_proxy: `http://127.0.0.1:${dead}`,
        WSS_PROXY: `http://${USER}:${PASS}@127.0.0.1:${tinyproxy.port}`,
      },
    });
    expect(conn.proxy?.port).toBe(tinyproxy.port);
    expect(await upgrade(conn.socket, `localhost:${secure.port}`)).toContain("101");
    expect(await echo(conn.socket, "via wss_proxy")).toBe("via wss_proxy");
    conn.socket.destroy();
  });

  it("no_proxy still applies to ws_proxy", async () => {
    const dead = await freePort();
    const conn = await openConnection(`ws://127.0.0.1:${plain.port}/`, {
      timeout: 5000,
      env: { ws_proxy: `http://127.0.0.1:${dead}`, no_proxy: "127.0.0.1" },
    });
    expect(conn.proxy).toBeNull();
    expect(await upgrade(conn.socket, `127.0.0.1:${plain.port}`)).toContain("101");
    conn.socket.destroy();
  });
});
