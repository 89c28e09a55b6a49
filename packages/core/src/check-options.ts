import { WebSocketException } from "@wsclient/errors";
import { describeType } from "./payload.js";

/** What a known option must be. */
type Kind =
  | "boolean"
  | "function"
  | "string"
  | "object"
  | "signal"
  | "strings"
  | "array"
  | "size"
  | "count"
  | "ms"
  | "wait"
  | "opcode"
  | "port"
  | "trace";

/** The kind of every option core knows; an option not listed here is not type-checked here. */
const KINDS: Readonly<Record<string, Kind>> = {
  skipUtf8Validation: "boolean",
  fireContFrame: "boolean",
  enableMultithread: "boolean",
  suppressOrigin: "boolean",
  getMaskKey: "function",
  lookup: "function",
  maxPayload: "size",
  readHighWaterMark: "count",
  maxPendingPongs: "count",
  redirectLimit: "size",
  timeout: "ms",
  openTimeout: "ms",
  httpProxyTimeout: "ms",
  signal: "signal",
  cookie: "string",
  origin: "string",
  host: "string",
  connection: "string",
  httpProxyHost: "string",
  httpProxyPort: "port",
  subprotocols: "strings",
  extensions: "array",
  env: "object",
  sslopt: "object",
  trace: "trace",
};

/** What to write instead of an option from `ws`, browsers or Python. */
const HINTS: Readonly<Record<string, string>> = {
  perMessageDeflate: "use compression: true | false | { … } (permessage-deflate)",
  headers: 'use header: { Name: "value" } or ["Name: value"]',
  protocols: 'use subprotocols: ["…"]',
  protocol: 'use subprotocols: ["…"]',
  protocolVersion: "only version 13 exists (RFC 6455)",
  handshakeTimeout: "use openTimeout (ms)",
  maxReceivedFrameSize: "use maxPayload (bytes)",
  maxReceivedMessageSize: "use maxPayload (bytes)",
  followRedirects: "redirects are followed; use redirectLimit (0 refuses them)",
  maxRedirects: "use redirectLimit",
  rejectUnauthorized:
    'use sslopt: { rejectUnauthorized: false } or sslopt: { cert_reqs: "CERT_NONE" }',
  ca: "put it in sslopt: { ca } (or Python's ca_certs)",
  cert: "put it in sslopt: { cert } (or Python's certfile)",
  key: "put it in sslopt: { key } (or Python's keyfile)",
  passphrase: "put it in sslopt: { passphrase }",
  servername: "put it in sslopt: { servername }",
  agent: "agents are not supported: use httpProxyHost/proxyType, or pass a connected socket",
  autoPong: "pings are always answered (RFC 6455 §5.5.2)",
  writeHighWaterMark:
    "there is no write high-water mark any more: send() resolves once its bytes reached the kernel, so awaiting each send bounds memory",
};

/** The options of one call (`recv`, `send`, `ping`, `close`): its keys and their kinds (null: the call checks it). */
export type CallOptions = Readonly<Record<string, Kind | null>>;

/**
 * Checks an options object at the API boundary: it must be an object, every
 * key must be one of `allowed` (an unknown key — a typo, a `ws` or Python
 * habit — is a `WebSocketException` naming it and what to write instead),
 * and known keys must have the right type. `elsewhere` names keys that
 * belong to another call, for the message.
 */
export function checkOptions(
  where: string,
  options: unknown,
  allowed: readonly string[],
  elsewhere: Readonly<Record<string, string>> = {},
  kinds: CallOptions = KINDS,
): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new WebSocketException(`${where} takes an options object, got ${describeType(options)}`);
  }
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (!allowed.includes(key)) {
      // A call with a few options (recv, send, ping, close) lists them.
      const hint =
        HINTS[key] ??
        elsewhere[key] ??
        (camelHint(key, allowed) ||
          (allowed.length <= 4 ? `it takes { ${allowed.join(", ")} }` : ""));
      throw new WebSocketException(`${where}: unknown option "${key}"${hint ? `: ${hint}` : ""}`);
    }
    if (value !== undefined) checkKind(where, key, value, kinds[key] ?? undefined);
  }
}

/** Checks one call's options object against `kinds` (its keys and what each must be). */
export function checkCallOptions(where: string, options: unknown, kinds: CallOptions): void {
  checkOptions(where, options, Object.keys(kinds), {}, kinds);
}

/** `ping_interval` → `pingInterval`, when that is an option. */
function camelHint(key: string, allowed: readonly string[]): string {
  const camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (camel !== key && allowed.includes(camel)) return `write ${camel} (camelCase, times in ms)`;
  const lower = key.toLowerCase();
  const near = allowed.find((k) => k.toLowerCase() === lower);
  return near ? `did you mean ${near}?` : "";
}

function checkKind(where: string, key: string, value: unknown, kind: Kind | undefined): void {
  if (kind === undefined) return;
  const bad = (what: string) =>
    new WebSocketException(`${where}: ${key} must be ${what}, got ${show(value)}`);
  switch (kind) {
    case "boolean":
      if (typeof value !== "boolean") throw bad("true or false");
      return;
    case "function":
      if (typeof value !== "function") throw bad("a function");
      return;
    case "string":
      if (typeof value !== "string") throw bad("a string");
      return;
    case "object":
      if (value === null || typeof value !== "object") throw bad("an object");
      return;
    case "array":
      if (!Array.isArray(value)) throw bad("an array");
      return;
    case "strings":
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        throw bad("an array of strings");
      }
      return;
    case "signal":
      if (!isAbortSignal(value)) throw bad("an AbortSignal");
      return;
    case "trace":
      if (typeof value !== "boolean" && typeof value !== "function") {
        throw bad("true, false or a function (line) => void");
      }
      return;
    case "size":
      if (!Number.isSafeInteger(value) || (value as number) < 0) throw bad("an integer ≥ 0");
      return;
    case "count":
      if (!Number.isSafeInteger(value) || (value as number) < 1) throw bad("an integer ≥ 1");
      return;
    case "port":
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
        throw bad("a port number (1-65535)");
      }
      return;
    case "ms":
      if (value === null) return;
      if (typeof value !== "number" || Number.isNaN(value) || value <= 0) {
        throw bad("a number of milliseconds > 0, or null for none (times are ms: 5000, not 5)");
      }
      return;
    case "wait":
      if (value === null) return;
      if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
        throw bad("a number of milliseconds or null");
      }
      return;
    case "opcode":
      if (typeof value !== "number") throw bad("a number");
      return;
  }
}

/** True for an `AbortSignal` (also one from another realm). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    value instanceof AbortSignal ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as AbortSignal).aborted === "boolean" &&
      typeof (value as AbortSignal).addEventListener === "function")
  );
}

function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return describeType(value);
}
