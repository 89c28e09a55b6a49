import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { connect, createServer, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCerts, type TestCerts } from "../src/index.js";

let certs: TestCerts;
beforeAll(() => {
  certs = makeCerts();
});
afterAll(() => certs.remove());

async function handshake(
  host: string,
  servername: string | undefined,
  ca: Buffer | undefined,
): Promise<{ authorized: boolean; error?: string }> {
  const server = createServer({ key: certs.key, cert: certs.cert }, (s) => s.end());
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  try {
    const socket: TLSSocket = connect({
      host,
      port,
      ...(servername ? { servername } : {}),
      ...(ca ? { ca } : {}),
      rejectUnauthorized: false,
    });
    socket.on("error", () => {});
    await once(socket, "secureConnect");
    const result = {
      authorized: socket.authorized,
      ...(socket.authorizationError ? { error: String(socket.authorizationError) } : {}),
    };
    socket.destroy();
    return result;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe("makeCerts", () => {
  it("the server certificate verifies against the CA for 127.0.0.1 and localhost", async () => {
    expect(await handshake("127.0.0.1", undefined, certs.ca)).toEqual({ authorized: true });
    expect(await handshake("127.0.0.1", "localhost", certs.ca)).toEqual({ authorized: true });
  });

  it("without the CA the server certificate is not trusted", async () => {
    const r = await handshake("127.0.0.1", undefined, undefined);
    expect(r.authorized).toBe(false);
    expect(r.error).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
  });

  it("writes the CA and client certificate files, and remove() deletes them", async () => {
    const { existsSync, readFileSync } = await import("node:fs");
    const other = makeCerts();
    expect(readFileSync(other.caFile)).toEqual(other.ca);
    expect(readFileSync(other.clientCertFile, "latin1")).toMatch(/BEGIN CERTIFICATE/);
    expect(readFileSync(other.clientKeyFile, "latin1")).toMatch(/PRIVATE KEY/);
    other.remove();
    expect(existsSync(other.dir)).toBe(false);
  });
});
