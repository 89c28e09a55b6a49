import { WebSocketException } from "@wsclient/errors";
import { generateKey, isValidKey } from "./accept-key.js";
import { WEBSOCKET_VERSION } from "./constants.js";
import { parseExtensions } from "./extensions.js";
import { badFieldValueIndex, describeChar, isToken, splitList, trimOws } from "./http-syntax.js";

/** Where the upgrade request goes: the parts of a parsed `ws://` / `wss://` URL. */
export interface RequestTarget {
  /** Host name or IP address, IPv6 without brackets (brackets are tolerated). */
  hostname: string;
  /** The TCP port, 1-65535. */
  port: number;
  /** Path and query, e.g. `/chat?room=1`; empty means `/`. */
  resource: string;
  /** `true` for `wss:` (TLS), `false` for `ws:`. */
  isSecure: boolean;
  /** Credentials from the URL, percent-decoded; sent as `Authorization: Basic`. */
  userinfo?: { user: string; password: string } | undefined;
}

/**
 * Custom request headers: a list of `"Name: value"` lines, or a record. In
 * the record form a `null` value drops the default header of that name.
 */
export type HeaderOption = readonly string[] | Readonly<Record<string, string | null | undefined>>;

/** The connect options that shape the upgrade request (Python's names in camelCase). */
export interface RequestOptions {
  /** Extra headers; one with the name of a default header replaces it in place. */
  header?: HeaderOption | undefined;
  /** A `Cookie` header value, e.g. `"a=1; b=2"`. */
  cookie?: string | undefined;
  /** Replaces the default `Origin` (`http(s)://host[:port]`). */
  origin?: string | null | undefined;
  /** Send no `Origin` header. */
  suppressOrigin?: boolean | undefined;
  /** Replaces the `Host` header value. */
  host?: string | undefined;
  /** Offered subprotocols, sent as `Sec-WebSocket-Protocol: a,b`. */
  subprotocols?: readonly string[] | undefined;
  /** An extensions offer, e.g. `"permessage-deflate; client_max_window_bits"`. */
  extensions?: string | undefined;
  /**
   * Replaces `Connection: Upgrade`: either the value (`"keep-alive, Upgrade"`)
   * or, as in Python, the whole line (`"Connection: keep-alive, Upgrade"`).
   */
  connection?: string | undefined;
  /** A fixed `Sec-WebSocket-Key` (tests only); default: 16 CSPRNG bytes, base64. */
  key?: string | undefined;
}

/** The upgrade request, ready to write, plus what `validateResponse` checks against. */
export interface HandshakeRequest {
  /** The `Sec-WebSocket-Key` sent. */
  key: string;
  /** The header lines in wire order (after the request line). */
  headers: Array<[string, string]>;
  /** The whole request, UTF-8 encoded. */
  bytes: Uint8Array;
  /** The whole request as text, ending with the blank line. */
  text: string;
  /** The subprotocols offered (empty when none). */
  subprotocols: string[];
  /** The extensions offer sent, if any. */
  extensions?: string | undefined;
}

/** Header names whose default a custom header replaces (lower case). */
const DEFAULT_NAMES = new Set([
  "upgrade",
  "host",
  "origin",
  "sec-websocket-key",
  "sec-websocket-version",
  "connection",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
  "authorization",
]);

/**
 * Build the client's opening handshake (RFC 6455 §4.1).
 *
 * Headers go out in Python websocket-client's order: `Upgrade`, `Host`,
 * `Origin`, `Sec-WebSocket-Key`, `Sec-WebSocket-Version`, `Connection`,
 * `Sec-WebSocket-Protocol`, then `Sec-WebSocket-Extensions` and
 * `Authorization` when there are any, the custom headers, and `Cookie` last.
 *
 * @throws WebSocketException when a header name, value, subprotocol, cookie,
 *   key or resource holds bytes that would break the request (CR, LF, NUL,
 *   other controls) or is otherwise malformed.
 */
export function buildRequest(
  target: RequestTarget,
  options: RequestOptions = {},
): HandshakeRequest {
  if (typeof target !== "object" || target === null) {
    throw new WebSocketException(
      "Invalid request target: expected { hostname, port, resource, isSecure }",
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new WebSocketException("Invalid request options: expected an object");
  }
  const resource = checkResource(target.resource);
  const hostport = hostPort(target);
  const lines: Array<[string, string]> = [];

  // RFC 6455 §4.1: "The request MUST contain an |Upgrade| header field whose
  // value MUST include the "websocket" keyword."
  lines.push(["Upgrade", "websocket"]);
  // "The request MUST contain a |Host| header field whose value contains
  // /host/ plus optionally ":" followed by /port/ (when not using the default port)."
  lines.push(["Host", options.host || hostport]);
  // "The request MUST include a header field with the name |Origin| if the
  // request is coming from a browser client." Python sends one anyway.
  if (!options.suppressOrigin) {
    const origin = options.origin ?? `${target.isSecure ? "https" : "http"}://${hostport}`;
    lines.push(["Origin", origin]);
  }
  lines.push(["Sec-WebSocket-Key", options.key ?? generateKey()]);
  lines.push(["Sec-WebSocket-Version", String(WEBSOCKET_VERSION)]);
  // "The request MUST contain a |Connection| header field whose value MUST
  // include the "Upgrade" token."
  lines.push(["Connection", connectionValue(options.connection)]);
  if (options.subprotocols !== undefined && options.subprotocols.length > 0) {
    // Python joins with "," and no space.
    lines.push(["Sec-WebSocket-Protocol", checkSubprotocols(options.subprotocols).join(",")]);
  }
  if (options.extensions !== undefined && options.extensions !== "") {
    lines.push(["Sec-WebSocket-Extensions", options.extensions]);
  }
  const auth = basicAuth(target.userinfo);
  if (auth !== undefined) lines.push(["Authorization", auth]);

  const cookies: string[] = [];
  for (const [name, value] of customHeaders(options.header)) {
    const lower = name.toLowerCase();
    if (lower === "cookie") {
      if (value === null) cookies.length = 0;
      else cookies.push(value);
      continue;
    }
    const at = DEFAULT_NAMES.has(lower) ? lines.findIndex(([n]) => n.toLowerCase() === lower) : -1;
    if (value === null) {
      if (at >= 0) lines.splice(at, 1);
    } else if (at >= 0) {
      lines[at] = [lines[at]![0], value];
    } else {
      lines.push([name, value]);
    }
  }
  if (options.cookie !== undefined && options.cookie !== "") cookies.push(options.cookie);
  if (cookies.length > 0) lines.push(["Cookie", cookies.join("; ")]);

  for (const [name, value] of lines) checkField(name, value);

  const key = lines.find(([n]) => n.toLowerCase() === "sec-websocket-key")?.[1];
  if (key === undefined || !isValidKey(key)) {
    throw new WebSocketException(
      `Invalid Sec-WebSocket-Key ${JSON.stringify(key ?? null)}: it must be 16 bytes, base64-encoded (24 characters ending in "==")`,
    );
  }
  const protocolLine = lines.find(([n]) => n.toLowerCase() === "sec-websocket-protocol")?.[1];
  const subprotocols = protocolLine === undefined ? [] : checkSubprotocols(splitList(protocolLine));
  const extensions = lines.find(([n]) => n.toLowerCase() === "sec-websocket-extensions")?.[1];
  if (extensions !== undefined) checkExtensionsOffer(extensions);

  const text = `GET ${resource} HTTP/1.1\r\n${lines.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
  return {
    key,
    headers: lines,
    bytes: new TextEncoder().encode(text),
    text,
    subprotocols,
    extensions,
  };
}

/**
 * `host[:port]` with the port only when it is not the scheme's default.
 *
 * RFC 6455 §4.1: "/host/ plus optionally ":" followed by /port/ (when not
 * using the default port)"; §3: "The port component is OPTIONAL; the default
 * for "ws" is port 80, while the default for "wss" is port 443."
 */
function hostPort(target: RequestTarget): string {
  const { hostname, port, isSecure } = target;
  if (typeof hostname !== "string" || hostname === "" || /[\s\x00-\x1f\x7f/@]/.test(hostname)) {
    throw new WebSocketException(`Invalid hostname ${JSON.stringify(hostname)} for the request`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new WebSocketException(`Invalid port ${String(port)}: expected an integer 1-65535`);
  }
  const host = hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
  const lower = host.toLowerCase();
  return port === (isSecure ? 443 : 80) ? lower : `${lower}:${port}`;
}

/**
 * RFC 6455 §3: `resource-name = path [ "?" query ]` ("/" if the path is
 * empty). Non-ASCII characters are percent-encoded as UTF-8; spaces and
 * control characters are refused.
 */
function checkResource(resource: string | undefined): string {
  if (resource === undefined || resource === "") return "/";
  if (typeof resource !== "string" || !resource.startsWith("/")) {
    throw new WebSocketException(
      `Invalid resource ${JSON.stringify(resource)}: it must start with "/"`,
    );
  }
  const bad = /[\x00-\x20\x7f]/.exec(resource);
  if (bad !== null) {
    throw new WebSocketException(
      `Invalid resource ${JSON.stringify(resource)}: ${describeChar(resource, bad.index)} at position ${bad.index} is not allowed in a request target`,
    );
  }
  try {
    return resource.replace(/[^\x21-\x7e]+/g, (s) => encodeURIComponent(s));
  } catch (cause) {
    throw new WebSocketException(
      `Invalid resource ${JSON.stringify(resource)}: it holds a lone UTF-16 surrogate`,
      { cause },
    );
  }
}

function connectionValue(connection: string | undefined): string {
  if (connection === undefined || connection === "") return "Upgrade";
  const m = /^connection[ \t]*:(.*)$/is.exec(connection);
  return m === null ? connection : trimOws(m[1]!);
}

/**
 * RFC 6455 §4.1: "The elements that comprise this value MUST be non-empty
 * strings with characters in the range U+0021 to U+007E not including
 * separator characters as defined in [RFC2616] and MUST all be unique strings."
 */
function checkSubprotocols(subprotocols: readonly string[]): string[] {
  if (!Array.isArray(subprotocols)) {
    throw new WebSocketException("Invalid subprotocols: expected an array of strings");
  }
  const seen = new Set<string>();
  for (const p of subprotocols) {
    if (typeof p !== "string" || !isToken(p)) {
      throw new WebSocketException(
        `Invalid subprotocol ${JSON.stringify(p)}: it must be a non-empty token (no spaces, commas, controls or separators)`,
      );
    }
    if (seen.has(p))
      throw new WebSocketException(`Subprotocol ${JSON.stringify(p)} is offered twice`);
    seen.add(p);
  }
  return [...subprotocols];
}

function checkExtensionsOffer(offer: string): void {
  try {
    parseExtensions(offer);
  } catch (cause) {
    throw new WebSocketException(
      `Invalid extensions offer: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * RFC 7617 §2: "the user-id and password are concatenated with a single
 * colon (":") character ... and encoded" in base64; "a user-id containing a
 * colon character is invalid".
 */
function basicAuth(userinfo: RequestTarget["userinfo"]): string | undefined {
  if (userinfo === undefined) return undefined;
  const { user, password } = userinfo;
  if (typeof user !== "string" || typeof password !== "string") {
    throw new WebSocketException("Invalid userinfo: user and password must be strings");
  }
  if (user === "" && password === "") return undefined;
  if (user.includes(":")) {
    throw new WebSocketException("Invalid userinfo: the user name may not contain a colon");
  }
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** Normalise the `header` option to `[name, value | null]` pairs; values OWS-trimmed. */
function customHeaders(header: HeaderOption | undefined): Array<[string, string | null]> {
  if (header === undefined || header === null) return [];
  if (Array.isArray(header)) {
    return header.map((line): [string, string | null] => {
      if (typeof line !== "string") {
        throw new WebSocketException(
          `Invalid header line ${JSON.stringify(line)}: expected a "Name: value" string`,
        );
      }
      const colon = line.indexOf(":");
      if (colon < 0) {
        throw new WebSocketException(
          `Invalid header line ${JSON.stringify(line)}: expected "Name: value"`,
        );
      }
      return [line.slice(0, colon), trimOws(line.slice(colon + 1))];
    });
  }
  if (typeof header !== "object") {
    throw new WebSocketException("Invalid header option: expected a list of lines or a record");
  }
  const out: Array<[string, string | null]> = [];
  for (const [name, value] of Object.entries(header)) {
    if (value === undefined) continue;
    if (value !== null && typeof value !== "string") {
      throw new WebSocketException(
        `Invalid value for header ${JSON.stringify(name)}: expected a string or null`,
      );
    }
    out.push([name, value === null ? null : trimOws(value)]);
  }
  return out;
}

/** Refuse header names that are not tokens and values holding CR, LF, NUL or other controls. */
function checkField(name: string, value: string): void {
  if (!isToken(name)) {
    throw new WebSocketException(
      `Invalid header name ${JSON.stringify(name)}: a header name must be a token (letters, digits, !#$%&'*+-.^_\`|~)`,
    );
  }
  if (typeof value !== "string") {
    throw new WebSocketException(`Invalid value for header "${name}": expected a string`);
  }
  const bad = badFieldValueIndex(value);
  if (bad >= 0) {
    throw new WebSocketException(
      `Invalid value for header "${name}": ${describeChar(value, bad)} at position ${bad} is not allowed in a header value (header injection)`,
    );
  }
}
