import { readdirSync, readFileSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { type ConnectionOptions, checkServerIdentity, type SecureContext } from "node:tls";
import { WebSocketException, WebSocketTlsException } from "@wsclient/errors";

/** Python's `ssl.CERT_*` values, by name or number (0, 1, 2). */
export type CertReqs = "CERT_NONE" | "CERT_OPTIONAL" | "CERT_REQUIRED" | 0 | 1 | 2;

/** The `sslopt` keys Python's websocket-client honours (snake_case, as there). */
export interface PythonSslOpt {
  /** `"CERT_NONE"` turns verification (and the hostname check) off. Default `"CERT_REQUIRED"`. */
  cert_reqs?: CertReqs;
  /** `false` skips the hostname check but still verifies the chain. */
  check_hostname?: boolean;
  /** A PEM file of trusted CAs (replaces the system store). */
  ca_certs?: string;
  /** A directory of PEM files of trusted CAs (replaces the system store). */
  ca_cert_path?: string;
  /** Client certificate (PEM); may hold the key too. */
  certfile?: string;
  /** Client private key (PEM). */
  keyfile?: string;
  /** Passphrase of the key. */
  password?: string;
  /** `[certfile, keyfile, password]`. */
  cert_chain?: readonly [certfile: string, keyfile?: string | null, password?: string | null];
  /** OpenSSL cipher list. */
  ciphers?: string;
  /** ECDH curve name. */
  ecdh_curve?: string;
  /** SNI and verification host name instead of the URL's host. */
  server_hostname?: string;
  /** `"PROTOCOL_TLS_CLIENT"`, `"PROTOCOL_TLSv1_2"`, … or Python's numbers; pins the TLS version. */
  ssl_version?: string | number;
  /** A Node `SecureContext` (Python: an `SSLContext`); the other Python keys are then ignored. */
  context?: SecureContext;
  /** Accepted for compatibility; Node always handshakes on connect. */
  do_handshake_on_connect?: boolean;
  /** Accepted for compatibility; Node reports ragged EOFs as a close. */
  suppress_ragged_eofs?: boolean;
}

/** `sslopt`: Node's `tls.connect` options and Python's keys, in one object. */
export type SslOpt = Omit<ConnectionOptions, "socket" | "host" | "port" | "path"> & PythonSslOpt;

const PYTHON_KEYS: readonly (keyof PythonSslOpt)[] = [
  "cert_reqs",
  "check_hostname",
  "ca_certs",
  "ca_cert_path",
  "certfile",
  "keyfile",
  "password",
  "cert_chain",
  "ciphers",
  "ecdh_curve",
  "server_hostname",
  "ssl_version",
  "context",
  "do_handshake_on_connect",
  "suppress_ragged_eofs",
];

// Python's ssl.PROTOCOL_* (name and enum value) → Node's version range.
const VERSIONS: Readonly<
  Record<string, readonly [ConnectionOptions["minVersion"], ConnectionOptions["maxVersion"]] | null>
> = {
  PROTOCOL_TLS: null,
  PROTOCOL_SSLV23: null,
  PROTOCOL_TLS_CLIENT: null,
  "2": null,
  "16": null,
  PROTOCOL_TLSV1: ["TLSv1", "TLSv1"],
  "3": ["TLSv1", "TLSv1"],
  PROTOCOL_TLSV1_1: ["TLSv1.1", "TLSv1.1"],
  "4": ["TLSv1.1", "TLSv1.1"],
  PROTOCOL_TLSV1_2: ["TLSv1.2", "TLSv1.2"],
  "5": ["TLSv1.2", "TLSv1.2"],
  "TLSV1.2": ["TLSv1.2", "TLSv1.2"],
  "TLSV1.3": ["TLSv1.3", "TLSv1.3"],
};

// A bound on what a CA directory may make us read.
const MAX_CA_FILES = 4096;
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new WebSocketTlsException(`SSL ${what} loading failed: cannot read ${path}`, { cause });
  }
}

function readCaDir(dir: string): Buffer[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    throw new WebSocketTlsException(`SSL CA certificate loading failed: cannot list ${dir}`, {
      cause,
    });
  }
  const out: Buffer[] = [];
  for (const name of names.sort().slice(0, MAX_CA_FILES)) {
    const file = join(dir, name);
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_CA_FILE_BYTES) continue;
      const pem = readFileSync(file);
      if (pem.includes("-----BEGIN CERTIFICATE-----")) out.push(pem);
    } catch {
      // An unreadable entry in a CA directory is skipped, as OpenSSL's lookup does.
    }
  }
  if (out.length === 0) {
    throw new WebSocketTlsException(
      `SSL CA certificate loading failed: no PEM certificate in ${dir}`,
    );
  }
  return out;
}

function isDir(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null; // does not exist: ignored, as Python does
  }
}

const CERT_REQS: readonly unknown[] = ["CERT_NONE", "CERT_OPTIONAL", "CERT_REQUIRED", 0, 1, 2];

function certNone(value: CertReqs | undefined): boolean {
  return value === "CERT_NONE" || value === 0;
}

/** What {@link buildTlsOptions} needs besides `sslopt`. */
export interface TlsTarget {
  /** The host from the URL (or the proxy's host for an `https` proxy). */
  hostname: string;
  /** Environment for `WEBSOCKET_CLIENT_CA_BUNDLE` and `SSLKEYLOGFILE`. */
  env: NodeJS.ProcessEnv;
}

/**
 * Turns `sslopt` into `tls.connect` options: verification and the hostname
 * check on by default; SNI with the host name (never an IP literal, which
 * RFC 6066 forbids); Python's keys mapped to Node's; `WEBSOCKET_CLIENT_CA_BUNDLE`
 * (a file or a directory) used when no CA was given.
 *
 * @throws WebSocketTlsException when a certificate or key file cannot be read.
 * @throws WebSocketException for contradictory options (`CERT_NONE` with `check_hostname`).
 */
export function buildTlsOptions(
  sslopt: SslOpt | null | undefined,
  target: TlsTarget,
): ConnectionOptions {
  const opt: SslOpt = sslopt ?? {};
  const out: ConnectionOptions = {};
  for (const [key, value] of Object.entries(opt)) {
    if (!(PYTHON_KEYS as readonly string[]).includes(key)) {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  const hostname = opt.server_hostname ?? opt.servername ?? target.hostname;
  // Node checks the certificate against `host` (else servername).
  out.host = hostname;
  // RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in "HostName"."
  if (isIP(hostname) === 0) out.servername = hostname;
  else delete out.servername;

  if (opt.context !== undefined) {
    out.secureContext = opt.context;
    return out;
  }
  for (const key of [
    "ca_certs",
    "ca_cert_path",
    "certfile",
    "keyfile",
    "password",
    "server_hostname",
    "ciphers",
    "ecdh_curve",
  ] as const) {
    const value = opt[key];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new WebSocketException(`sslopt: ${key} must be a string, got ${typeof value}`);
    }
  }
  if (opt.cert_reqs !== undefined && !CERT_REQS.includes(opt.cert_reqs)) {
    throw new WebSocketException(
      `sslopt: cert_reqs ${JSON.stringify(opt.cert_reqs)} is not CERT_NONE, CERT_OPTIONAL or CERT_REQUIRED (0, 1, 2)`,
    );
  }
  const none = certNone(opt.cert_reqs);
  if (none && opt.check_hostname === true) {
    throw new WebSocketException(
      "sslopt: check_hostname cannot be true when cert_reqs is CERT_NONE (Python: ValueError)",
    );
  }
  if (none) out.rejectUnauthorized = false;
  else if (opt.cert_reqs !== undefined || out.rejectUnauthorized === undefined) {
    out.rejectUnauthorized = true;
  }
  if (opt.check_hostname === false) out.checkServerIdentity = () => undefined;
  else if (out.checkServerIdentity === undefined) out.checkServerIdentity = checkServerIdentity;

  let caCerts = opt.ca_certs;
  let caPath = opt.ca_cert_path;
  const bundle = target.env.WEBSOCKET_CLIENT_CA_BUNDLE;
  if (bundle && out.ca === undefined) {
    const dir = isDir(bundle);
    if (dir === false && caCerts === undefined) caCerts = bundle;
    if (dir === true && caPath === undefined) caPath = bundle;
  }
  if (!none && (caCerts !== undefined || caPath !== undefined)) {
    const cas: Buffer[] = [];
    if (caCerts !== undefined) cas.push(readPem(caCerts, "CA certificate"));
    if (caPath !== undefined) cas.push(...readCaDir(caPath));
    out.ca = cas;
  }

  const [chainCert, chainKey, chainPass] = opt.cert_chain ?? [];
  const certfile = opt.certfile ?? chainCert;
  const keyfile = opt.keyfile ?? chainKey ?? undefined;
  const password = opt.password ?? chainPass ?? undefined;
  if (certfile !== undefined) {
    const cert = readPem(certfile, "client certificate");
    out.cert = cert;
    out.key = keyfile ? readPem(keyfile, "client key") : cert;
    if (password !== undefined) out.passphrase = password;
  }
  if (opt.ciphers !== undefined) out.ciphers = opt.ciphers;
  if (opt.ecdh_curve !== undefined) out.ecdhCurve = opt.ecdh_curve;
  if (opt.ssl_version !== undefined) {
    const range = VERSIONS[String(opt.ssl_version).toUpperCase()];
    if (range === undefined) {
      throw new WebSocketException(
        `sslopt: ssl_version ${JSON.stringify(opt.ssl_version)} is not a known PROTOCOL_* value`,
      );
    }
    if (range !== null) [out.minVersion, out.maxVersion] = range;
  }
  return out;
}
