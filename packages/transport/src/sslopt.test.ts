import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkServerIdentity } from "node:tls";
import { WebSocketException, WebSocketTlsException } from "@wsclient/errors";
import { afterAll, describe, expect, it } from "vitest";
import { buildTlsOptions } from "./sslopt.js";

const dir = mkdtempSync(join(tmpdir(), "wsclient-sslopt-"));
const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
writeFileSync(join(dir, "ca.pem"), pem);
writeFileSync(join(dir, "client.pem"), "CERT+KEY");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {};

describe("sslopt → tls.connect options", () => {
  it("verifies by default, with SNI for names and none for IP literals", () => {
    const byName = buildTlsOptions(undefined, { hostname: "example.com", env });
    expect(byName).toMatchObject({
      host: "example.com",
      servername: "example.com",
      rejectUnauthorized: true,
    });
    expect(byName.checkServerIdentity).toBe(checkServerIdentity);
    const byIp = buildTlsOptions({ servername: "1.2.3.4" }, { hostname: "1.2.3.4", env });
    expect(byIp.host).toBe("1.2.3.4");
    expect(byIp.servername).toBeUndefined();
  });

  it("maps Python's keys", () => {
    const out = buildTlsOptions(
      {
        cert_reqs: "CERT_NONE",
        certfile: join(dir, "client.pem"),
        password: "pw",
        ciphers: "HIGH",
        ecdh_curve: "prime256v1",
        server_hostname: "other.example",
        ssl_version: "PROTOCOL_TLSv1_2",
      },
      { hostname: "example.com", env },
    );
    expect(out).toMatchObject({
      rejectUnauthorized: false,
      passphrase: "pw",
      ciphers: "HIGH",
      ecdhCurve: "prime256v1",
      host: "other.example",
      servername: "other.example",
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.2",
    });
    expect(String(out.cert)).toBe("CERT+KEY");
    expect(String(out.key)).toBe("CERT+KEY"); // the certfile holds the key when no keyfile
  });

  it("passes Node's own options through and keeps Python's keys out", () => {
    const out = buildTlsOptions(
      { ALPNProtocols: ["http/1.1"], minVersion: "TLSv1.3", check_hostname: false },
      { hostname: "h", env },
    );
    expect(out.ALPNProtocols).toEqual(["http/1.1"]);
    expect(out.minVersion).toBe("TLSv1.3");
    expect("check_hostname" in out).toBe(false);
    expect(out.checkServerIdentity?.("h", {} as never)).toBeUndefined();
  });

  it("reads ca_certs, ca_cert_path and WEBSOCKET_CLIENT_CA_BUNDLE", () => {
    expect(
      buildTlsOptions({ ca_certs: join(dir, "ca.pem") }, { hostname: "h", env }).ca,
    ).toHaveLength(1);
    expect(buildTlsOptions({ ca_cert_path: dir }, { hostname: "h", env }).ca).toHaveLength(1);
    expect(
      buildTlsOptions({}, { hostname: "h", env: { WEBSOCKET_CLIENT_CA_BUNDLE: dir } }).ca,
    ).toHaveLength(1);
    // an explicit CA wins over the bundle
    expect(
      buildTlsOptions({ ca: "x" }, { hostname: "h", env: { WEBSOCKET_CLIENT_CA_BUNDLE: dir } }).ca,
    ).toBe("x");
  });

  it("rejects what cannot work, with typed errors", () => {
    const t = { hostname: "h", env };
    expect(() => buildTlsOptions({ cert_reqs: "CERT_NONE", check_hostname: true }, t)).toThrow(
      WebSocketException,
    );
    expect(() => buildTlsOptions({ cert_reqs: "CERT_MAYBE" as never }, t)).toThrow(
      /cert_reqs "CERT_MAYBE"/,
    );
    expect(() => buildTlsOptions({ ca_certs: 3 as never }, t)).toThrow(/ca_certs must be a string/);
    expect(() => buildTlsOptions({ ssl_version: "SSLv3" }, t)).toThrow(/ssl_version/);
    expect(() => buildTlsOptions({ ca_certs: join(dir, "missing.pem") }, t)).toThrow(
      WebSocketTlsException,
    );
    const empty = mkdtempSync(join(tmpdir(), "wsclient-sslopt-empty-"));
    expect(() => buildTlsOptions({ ca_cert_path: empty }, t)).toThrow(/no PEM certificate/);
    rmSync(empty, { recursive: true, force: true });
  });
});
