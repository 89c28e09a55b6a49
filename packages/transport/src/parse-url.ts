import { WebSocketException } from "@wsclient/errors";

/** Credentials found in a URL's userinfo (`ws://user:pass@host/`), percent-decoded. */
export interface UrlUserinfo {
  user: string;
  password: string;
}

/** Where to connect, as {@link parseTarget} reads it from a WebSocket URL. */
export interface Target {
  /** Lower-cased host name; an IPv6 literal without its brackets. `localhost` for Unix sockets. */
  hostname: string;
  /** The port: the URL's, else 80 for `ws`, 443 for `wss`. */
  port: number;
  /** Path and query for the request line (`/chat?room=1`); never the fragment; `/` when empty. */
  resource: string;
  /** True for `wss:` and `wss+unix:`. */
  isSecure: boolean;
  /** For `ws+unix:` / `wss+unix:` URLs: the socket file to connect to. */
  unixPath?: string;
  /** Credentials from the URL's userinfo, when it has one. */
  userinfo?: UrlUserinfo;
}

// RFC 6455 §3: ws-URI = "ws:" "//" host [ ":" port ] path [ "?" query ]
//              wss-URI = "wss:" "//" host [ ":" port ] path [ "?" query ]
// "The port component is OPTIONAL; the default for "ws" is port 80, while the
//  default for "wss" is port 443."
const DEFAULT_PORTS: Readonly<Record<string, number>> = { ws: 80, wss: 443 };

function invalid(url: string, why: string): WebSocketException {
  return new WebSocketException(`Invalid WebSocket URL ${JSON.stringify(url)}: ${why}`);
}

function decode(url: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch (cause) {
    throw new WebSocketException(
      `Invalid WebSocket URL ${JSON.stringify(url)}: bad percent-encoding in the userinfo`,
      { cause },
    );
  }
}

/** Splits `path?query#fragment` into the request resource (fragment dropped). */
function resourceOf(rest: string): string {
  // RFC 6455 §3: "Fragment identifiers are meaningless in the context of
  // WebSocket URIs and MUST NOT be used on these URIs."  We drop it, as Python does.
  const hash = rest.indexOf("#");
  const noFragment = hash === -1 ? rest : rest.slice(0, hash);
  const q = noFragment.indexOf("?");
  const path = q === -1 ? noFragment : noFragment.slice(0, q);
  const query = q === -1 ? "" : noFragment.slice(q + 1);
  let resource = path === "" ? "/" : path;
  if (query !== "") resource += `?${query}`;
  return resource;
}

function parsePort(url: string, text: string): number {
  if (!/^[0-9]{1,5}$/.test(text))
    throw invalid(url, `port ${JSON.stringify(text)} is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw invalid(url, `port ${port} is out of range 1-65535`);
  return port;
}

function parseUnix(url: string, scheme: string, rest: string): Target {
  // ws's spelling: ws+unix:/abs/path.sock:/resource, also ws+unix:///abs/path.sock:/resource
  let body = rest.startsWith("//") ? rest.slice(2) : rest;
  if (body.startsWith("localhost/")) body = body.slice("localhost".length);
  const colon = body.indexOf(":");
  const unixPath = colon === -1 ? body : body.slice(0, colon);
  if (unixPath === "") throw invalid(url, "the Unix socket path is empty");
  const resource = resourceOf(colon === -1 ? "" : body.slice(colon + 1));
  const isSecure = scheme === "wss+unix";
  return {
    hostname: "localhost",
    port: isSecure ? 443 : 80,
    resource: resource.startsWith("/") ? resource : `/${resource}`,
    isSecure,
    unixPath,
  };
}

/**
 * Reads a WebSocket URL into everything needed to connect: host, port,
 * resource, TLS or not, the Unix socket path of `ws+unix:` URLs and the
 * userinfo's credentials.
 *
 * Accepted: `ws://`, `wss://` (scheme case-insensitive), IPv6 literals in
 * brackets, `ws+unix:/path/to.sock:/resource` and `wss+unix:…` (as `ws` spells
 * them; `ws+unix:///path…` too).
 *
 * @throws WebSocketException when the scheme is not a WebSocket one, the host
 *   is missing or the port is not a number in 1-65535 (Python: `ValueError`).
 */
export function parseTarget(url: string): Target {
  if (typeof url !== "string") {
    throw new WebSocketException(`Invalid WebSocket URL: expected a string, got ${typeof url}`);
  }
  const colon = url.indexOf(":");
  if (colon <= 0) throw invalid(url, "no scheme (expected ws:// or wss://)");
  const scheme = url.slice(0, colon).toLowerCase();
  const rest = url.slice(colon + 1);
  if (scheme === "ws+unix" || scheme === "wss+unix") return parseUnix(url, scheme, rest);
  const defaultPort = DEFAULT_PORTS[scheme];
  if (defaultPort === undefined) {
    throw invalid(url, `scheme ${JSON.stringify(scheme)} is not ws, wss, ws+unix or wss+unix`);
  }
  if (!rest.startsWith("//")) throw invalid(url, `expected "//" after "${scheme}:"`);
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?#]/);
  const authority = end === -1 ? afterSlashes : afterSlashes.slice(0, end);
  const tail = end === -1 ? "" : afterSlashes.slice(end);

  const at = authority.lastIndexOf("@");
  let userinfo: UrlUserinfo | undefined;
  if (at !== -1) {
    const info = authority.slice(0, at);
    const sep = info.indexOf(":");
    userinfo = {
      user: decode(url, sep === -1 ? info : info.slice(0, sep)),
      password: decode(url, sep === -1 ? "" : info.slice(sep + 1)),
    };
  }
  const hostPort = at === -1 ? authority : authority.slice(at + 1);

  let hostname: string;
  let portText: string | undefined;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close === -1) throw invalid(url, "unterminated IPv6 literal (missing ']')");
    hostname = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) {
      throw invalid(url, `unexpected ${JSON.stringify(after)} after the IPv6 literal`);
    }
    if (after.startsWith(":")) portText = after.slice(1);
    if (!/^[0-9a-fA-F:.]+(%[\w.~-]+)?$/.test(hostname) || !hostname.includes(":")) {
      throw invalid(url, `${JSON.stringify(hostname)} is not an IPv6 address`);
    }
  } else {
    const pc = hostPort.lastIndexOf(":");
    hostname = pc === -1 ? hostPort : hostPort.slice(0, pc);
    if (pc !== -1) portText = hostPort.slice(pc + 1);
  }
  if (hostname === "") throw invalid(url, "the host is missing");
  if (/[\s/\\<>^`{|}]/.test(hostname)) {
    throw invalid(url, `the host ${JSON.stringify(hostname)} has a character hosts cannot have`);
  }
  // Python: an empty port ("ws://h:/") means the default.
  const port = portText === undefined || portText === "" ? defaultPort : parsePort(url, portText);
  const target: Target = {
    hostname: hostname.toLowerCase(),
    port,
    resource: resourceOf(tail),
    isSecure: scheme === "wss",
  };
  if (userinfo) target.userinfo = userinfo;
  return target;
}

/**
 * Python's `parse_url`: `[hostname, port, resource, isSecure]`.
 *
 * ```ts
 * parseUrl("wss://Example.com/chat?x=1#top"); // ["example.com", 443, "/chat?x=1", true]
 * parseUrl("ws://[::1]:8080");                // ["::1", 8080, "/", false]
 * ```
 *
 * @throws WebSocketException for a bad scheme, a missing host or a bad port.
 */
export function parseUrl(
  url: string,
): [hostname: string, port: number, resource: string, isSecure: boolean] {
  const t = parseTarget(url);
  return [t.hostname, t.port, t.resource, t.isSecure];
}
