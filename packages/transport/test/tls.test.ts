import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, TLSSocket, type Server as TlsServer } from "node:tls";
import { WebSocketException, WebSocketTlsException } from "@wsclient/errors";
import { makeCerts, rejection, type TestCerts, until } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection } from "../src/index.js";
import { echo, startWsServer, upgrade, type WsServer } from "./helpers/ws-server.js";

let certs: TestCerts;
let server: WsServer;
let otherIp: WsServer;
let mtls: WsServer;
let sniServer: TlsServer;
let sniPort: number;
const seenServernames: (string | false)[] = [];
const env = {};

beforeAll(async () => {
  certs = makeCerts();
  server = await startWsServer({ key: certs.key, cert: certs.cert });
  // 127.0.0.2 is loopback too, but not in the certificate's SAN.
  otherIp = await startWsServer({ key: certs.key, cert: certs.cert }, "127.0.0.2");
  mtls = await startWsServer({ key: certs.key, cert: certs.cert, ca: certs.ca, requestCert: true });
  sniServer = createTlsServer({ key: certs.key, cert: certs.cert }, (socket) => {
    seenServernames.push((socket as TLSSocket & { servername: string | false }).servername);
    socket.end();
  });
  await new Promise<void>((resolve) => sniServer.listen(0, "127.0.0.1", resolve));
  const address = sniServer.address();
  sniPort = typeof address === "object" && address ? address.port : 0;
});

afterAll(async () => {
  await Promise.all([server.close(), otherIp.close(), mtls.close()]);
  await new Promise<void>((resolve) => sniServer.close(() => resolve()));
  certs.remove();
});

async function expectUpgrade(
  url: string,
  options: Parameters<typeof openConnection>[1],
): Promise<void> {
  const conn = await openConnection(url, { timeout: 5000, env, ...options });
  try {
    expect(conn.isSsl).toBe(true);
    expect(conn.socket).toBeInstanceOf(TLSSocket);
    expect(conn.writesCopied).toBe(true); // TLS copies the plaintext it encrypts
    const host = url.replace(/^wss:\/\//, "").split("/")[0] ?? "";
    expect(await upgrade(conn.socket, host)).toBe("HTTP/1.1 101 Switching Protocols");
    expect(await echo(conn.socket, "over tls")).toBe("over tls");
  } finally {
    conn.socket.destroy();
  }
}

describe("certificate verification (on by default)", () => {
  it("fails against an unknown CA, saying why, with Node's error as cause", async () => {
    const err = await rejection(openConnection(`wss://127.0.0.1:${server.port}/`, { env }));
    expect(err).toBeInstanceOf(WebSocketTlsException);
    expect(err.message).toMatch(/TLS certificate verification failed for 127.0.0.1:\d+/);
    expect((err.cause as { code?: string }).code).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  it("passes with ca_certs (Python key)", async () => {
    await expectUpgrade(`wss://127.0.0.1:${server.port}/`, { sslopt: { ca_certs: certs.caFile } });
  });

  it("passes with Node's own ca option, and by host name", async () => {
    await expectUpgrade(`wss://localhost:${server.port}/`, { sslopt: { ca: certs.ca } });
  });

  it("passes with ca_cert_path (a directory)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wsclient-ca-dir-"));
    writeFileSync(join(dir, "ca.pem"), certs.ca);
    writeFileSync(join(dir, "README"), "not a certificate");
    await expectUpgrade(`wss://127.0.0.1:${server.port}/`, { sslopt: { ca_cert_path: dir } });
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails when the IP is not the certificate's (wrong host)", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.2:${otherIp.port}/`, {
        env,
        sslopt: { ca_certs: certs.caFile },
      }),
    );
    expect(err).toBeInstanceOf(WebSocketTlsException);
    expect(err.message).toMatch(/does not match the host name "127.0.0.2"/);
    expect((err.cause as { code?: string }).code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("fails when server_hostname names another host", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${server.port}/`, {
        env,
        sslopt: { ca_certs: certs.caFile, server_hostname: "other.example" },
      }),
    );
    expect(err).toBeInstanceOf(WebSocketTlsException);
    expect(err.message).toMatch(/does not match the host name "other.example"/);
  });

  it("check_hostname: false skips the name check, not the chain", async () => {
    await expectUpgrade(`wss://127.0.0.2:${otherIp.port}/`, {
      sslopt: { ca_certs: certs.caFile, check_hostname: false },
    });
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${server.port}/`, { env, sslopt: { check_hostname: false } }),
    );
    expect(err).toBeInstanceOf(WebSocketTlsException);
  });

  it('cert_reqs: "CERT_NONE" passes without a CA', async () => {
    await expectUpgrade(`wss://127.0.0.2:${otherIp.port}/`, { sslopt: { cert_reqs: "CERT_NONE" } });
    await expectUpgrade(`wss://127.0.0.1:${server.port}/`, {
      sslopt: { rejectUnauthorized: false },
    });
  });

  it("refuses CERT_NONE with check_hostname: true (Python: ValueError)", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${server.port}/`, {
        env,
        sslopt: { cert_reqs: "CERT_NONE", check_hostname: true },
      }),
    );
    expect(err).toBeInstanceOf(WebSocketException);
    expect(err.message).toMatch(/check_hostname cannot be true/);
  });

  it("says which CA file could not be loaded", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${server.port}/`, {
        env,
        sslopt: { ca_certs: "/nonexistent/ca.pem" },
      }),
    );
    expect(err).toBeInstanceOf(WebSocketTlsException);
    expect(err.message).toMatch(
      /SSL CA certificate loading failed: cannot read \/nonexistent\/ca.pem/,
    );
  });
});

describe("WEBSOCKET_CLIENT_CA_BUNDLE", () => {
  it("is used as ca_certs when it names a file", async () => {
    await expectUpgrade(`wss://127.0.0.1:${server.port}/`, {
      env: { WEBSOCKET_CLIENT_CA_BUNDLE: certs.caFile },
    });
  });

  it("is used as ca_cert_path when it names a directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wsclient-ca-bundle-"));
    writeFileSync(join(dir, "test-ca.crt"), certs.ca);
    await expectUpgrade(`wss://127.0.0.1:${server.port}/`, {
      env: { WEBSOCKET_CLIENT_CA_BUNDLE: dir },
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it("is ignored when the path does not exist", async () => {
    const err = await rejection(
      openConnection(`wss://127.0.0.1:${server.port}/`, {
        env: { WEBSOCKET_CLIENT_CA_BUNDLE: "/nonexistent/bundle.pem" },
      }),
    );
    expect(err).toBeInstanceOf(WebSocketTlsException);
    expect(err.message).toMatch(/verification failed/);
  });
});

describe("RFC 6066 §3 server name indication", () => {
  it("sends the host name, never an IP literal", async () => {
    let want = 1;
    for (const host of ["localhost", "127.0.0.1"]) {
      const conn = await openConnection(`wss://${host}:${sniPort}/`, {
        env,
        sslopt: { cert_reqs: "CERT_NONE" },
      });
      // The server sees the handshake end after the client does: wait for it.
      await until(() => seenServernames.length >= want, 3000, "the server's handshake");
      want += 1;
      conn.socket.destroy();
    }
    expect(seenServernames).toEqual(["localhost", false]);
  });
});

describe("other sslopt keys", () => {
  it("certfile/keyfile present a client certificate", async () => {
    await expectUpgrade(`wss://127.0.0.1:${mtls.port}/`, {
      sslopt: {
        ca_certs: certs.caFile,
        certfile: certs.clientCertFile,
        keyfile: certs.clientKeyFile,
      },
    });
  });

  it("ssl_version pins the protocol version", async () => {
    const conn = await openConnection(`wss://127.0.0.1:${server.port}/`, {
      env,
      sslopt: { ca_certs: certs.caFile, ssl_version: "PROTOCOL_TLSv1_2" },
    });
    expect((conn.socket as TLSSocket).getProtocol()).toBe("TLSv1.2");
    conn.socket.destroy();
    await expect(
      openConnection(`wss://127.0.0.1:${server.port}/`, { env, sslopt: { ssl_version: "SSLv2" } }),
    ).rejects.toThrow(/ssl_version "SSLv2"/);
  });
});

describe("SSLKEYLOGFILE", () => {
  it("receives the TLS key log lines, as in Python", async () => {
    const file = join(certs.dir, "keys.log");
    const conn = await openConnection(`wss://127.0.0.1:${server.port}/`, {
      env: { SSLKEYLOGFILE: file },
      sslopt: { ca_certs: certs.caFile },
    });
    conn.socket.destroy();
    expect(readFileSync(file, "utf8")).toMatch(
      /^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]+ [0-9a-f]+$/m,
    );
  });
});

describe("a pre-connected socket with wss", () => {
  it("is wrapped in TLS", async () => {
    const own = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => own.once("connect", resolve));
    await expectUpgrade(`wss://127.0.0.1:${server.port}/`, {
      socket: own,
      sslopt: { ca_certs: certs.caFile },
    });
  });

  it("is used as is when already TLS", async () => {
    const first = await openConnection(`wss://127.0.0.1:${server.port}/`, {
      env,
      sslopt: { ca_certs: certs.caFile },
    });
    const conn = await openConnection(`wss://127.0.0.1:${server.port}/`, { socket: first.socket });
    expect(conn.socket).toBe(first.socket);
    expect(conn.isSsl).toBe(true);
    conn.socket.destroy();
  });
});

describe("unusable client key material", () => {
  it("a wrong passphrase is a WebSocketTlsException that says what to check", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wsclient-enc-key-"));
    try {
      const encrypted = join(dir, "client-encrypted.key");
      const { execFileSync } = await import("node:child_process");
      execFileSync(
        "openssl",
        [
          "pkey",
          "-in",
          certs.clientKeyFile,
          "-aes256",
          "-passout",
          "pass:right",
          "-out",
          encrypted,
        ],
        { stdio: "pipe", timeout: 20_000 },
      );
      const err = await rejection(
        openConnection(`wss://127.0.0.1:${mtls.port}/`, {
          env,
          timeout: 5000,
          sslopt: {
            ca_certs: certs.caFile,
            certfile: certs.clientCertFile,
            keyfile: encrypted,
            password: "wrong",
          },
        }),
      );
      expect(err).toBeInstanceOf(WebSocketTlsException);
      expect(err.message).toMatch(/^TLS setup for 127\.0\.0\.1:\d+ failed: .*bad decrypt/);
      expect(err.message).toContain("passphrase");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
