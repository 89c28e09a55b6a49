import { WebSocketProxyException } from "@wsclient/errors";
import { isNoProxyHost } from "./no-proxy.js";

/**
 * The kinds of proxy: `http` (HTTP CONNECT), `https` (HTTP CONNECT over TLS to
 * the proxy), `socks4`, `socks4a` (the proxy resolves the name), `socks5`,
 * `socks5h` (the proxy resolves the name).
 */
export type ProxyType = "http" | "https" | "socks4" | "socks4a" | "socks5" | "socks5h";

/** The proxy a connection goes through. */
export interface ProxyInfo {
  type: ProxyType;
  /** Host name or IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  /** `[user, password]` for Basic (HTTP) or username/password (SOCKS5) or the user id (SOCKS4). */
  auth?: [user: string, password: string];
}

/** The proxy options of `connect()`, named as Python's (camelCased). */
export interface ProxyOptions {
  /** Proxy host. When set, the environment is not read. */
  httpProxyHost?: string;
  /** Proxy port; required with `httpProxyHost`. */
  httpProxyPort?: number;
  /** `[user, password]` for the proxy. */
  httpProxyAuth?: [user: string, password: string];
  /** Hosts to reach directly; when empty, `no_proxy`/`NO_PROXY` from the environment. See {@link isNoProxyHost}. */
  httpNoProxy?: readonly string[] | string | null;
  /** Kind of the explicit proxy (default `"http"`). Ignored without `httpProxyHost`, as in Python. */
  proxyType?: ProxyType;
  /** Milliseconds for reaching the proxy and opening the tunnel (HTTP CONNECT and SOCKS). */
  httpProxyTimeout?: number;
}

/** Every value of {@link ProxyType}. */
export const PROXY_TYPES: readonly ProxyType[] = [
  "http",
  "https",
  "socks4",
  "socks4a",
  "socks5",
  "socks5h",
];

const DEFAULT_PROXY_PORTS: Readonly<Record<ProxyType, number>> = {
  http: 80,
  https: 443,
  socks4: 1080,
  socks4a: 1080,
  socks5: 1080,
  socks5h: 1080,
};

function isProxyType(value: unknown): value is ProxyType {
  return typeof value === "string" && (PROXY_TYPES as readonly string[]).includes(value);
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new WebSocketProxyException(`${what}: port ${String(port)} is not an integer in 1-65535`);
  }
  return port;
}

function unquote(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch (cause) {
    throw new WebSocketProxyException(`${what}: bad percent-encoding in the credentials`, {
      cause,
    });
  }
}

/**
 * Reads a proxy URL such as `http://user:p%40ss@proxy:3128` or
 * `socks5h://127.0.0.1:1080`. The scheme decides the kind (no scheme means
 * `http`); the userinfo, percent-decoded, the credentials; a missing port is
 * the scheme's default (80, 443, 1080).
 *
 * @param what Where the URL came from, for error messages (e.g. `https_proxy`).
 * @throws WebSocketProxyException for an unknown scheme, no host or a bad port.
 */
export function parseProxyUrl(url: string, what = "proxy URL"): ProxyInfo {
  const text = url.replace(/\s+/g, "");
  const label = `${what} ${JSON.stringify(text)}`;
  const sep = text.indexOf("://");
  const scheme = sep === -1 ? "http" : text.slice(0, sep).toLowerCase();
  if (!isProxyType(scheme)) {
    throw new WebSocketProxyException(
      `${label}: scheme ${JSON.stringify(scheme)} is not one of ${PROXY_TYPES.join(", ")}`,
    );
  }
  const rest = sep === -1 ? text : text.slice(sep + 3);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf("@");
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  let host: string;
  let portText = "";
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close === -1) throw new WebSocketProxyException(`${label}: unterminated IPv6 literal`);
    host = hostPort.slice(1, close);
    if (hostPort[close + 1] === ":") portText = hostPort.slice(close + 2);
  } else {
    const colon = hostPort.lastIndexOf(":");
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    if (colon !== -1) portText = hostPort.slice(colon + 1);
  }
  if (host === "") throw new WebSocketProxyException(`${label}: the host is missing`);
  if (portText !== "" && !/^[0-9]{1,5}$/.test(portText)) {
    throw new WebSocketProxyException(`${label}: port ${JSON.stringify(portText)} is not a number`);
  }
  const port = portText === "" ? DEFAULT_PROXY_PORTS[scheme] : checkPort(Number(portText), label);
  const info: ProxyInfo = { type: scheme, host: host.toLowerCase(), port };
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(":");
    const user = unquote(colon === -1 ? userinfo : userinfo.slice(0, colon), label);
    const password = unquote(colon === -1 ? "" : userinfo.slice(colon + 1), label);
    if (user !== "" || password !== "") info.auth = [user, password];
  }
  return info;
}

function envValue(env: NodeJS.ProcessEnv, name: string): [name: string, value: string] | null {
  // Lowercase wins over UPPERCASE, as in Python, curl and Go.
  const lower = env[name];
  if (lower !== undefined) return lower.trim() === "" ? null : [name, lower];
  const upper = env[name.toUpperCase()];
  return upper === undefined || upper.trim() === "" ? null : [name.toUpperCase(), upper];
}

/**
 * Picks the proxy for a target, or `null` to connect directly.
 *
 * 1. A target matching `no_proxy` (the `httpNoProxy` option, else the
 *    environment) is reached directly — whatever the kind of proxy.
 * 2. `httpProxyHost` wins: `proxyType` (default `http`), `httpProxyPort`
 *    (required), `httpProxyAuth`.
 * 3. Else the environment, as python-websockets reads it: `wss_proxy`
 *    then `https_proxy` for `wss`, `ws_proxy` then `http_proxy` for `ws`
 *    (lowercase wins over uppercase), then `all_proxy` (see
 *    {@link envProxy}). The URL's scheme is the kind (`socks5://` means
 *    SOCKS5), its userinfo the credentials.
 *
 * @throws WebSocketProxyException for a bad `proxyType`, a missing or bad
 *   port, or an environment proxy URL that cannot be read.
 */
export function chooseProxy(
  target: { hostname: string; port: number; isSecure: boolean },
  options: ProxyOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ProxyInfo | null {
  const bypass = (): boolean =>
    isNoProxyHost(target.hostname, options.httpNoProxy, { port: target.port, env });
  if (
    options.httpProxyHost !== undefined &&
    options.httpProxyHost !== null &&
    typeof options.httpProxyHost !== "string"
  ) {
    throw new WebSocketProxyException("httpProxyHost must be a string");
  }
  if (options.httpProxyHost) {
    const type = options.proxyType ?? "http";
    if (!isProxyType(type)) {
      throw new WebSocketProxyException(
        `proxyType ${JSON.stringify(type)} is not one of ${PROXY_TYPES.join(", ")}`,
      );
    }
    if (!options.httpProxyPort) {
      throw new WebSocketProxyException(
        "Cannot use port 0 when httpProxyHost is specified: give httpProxyPort",
      );
    }
    const port = checkPort(Number(options.httpProxyPort), "httpProxyPort");
    const auth: unknown = options.httpProxyAuth;
    if (
      auth != null &&
      !(Array.isArray(auth) && auth.length === 2 && auth.every((x) => typeof x === "string"))
    ) {
      throw new WebSocketProxyException("httpProxyAuth must be [user, password] (two strings)");
    }
    if (bypass()) return null;
    let host = options.httpProxyHost;
    if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
    const info: ProxyInfo = { type, host, port };
    if (options.httpProxyAuth) info.auth = [...options.httpProxyAuth];
    return info;
  }
  const found = envProxy(target, env);
  if (found === null || bypass()) return null;
  return parseProxyUrl(found[1], found[0]);
}

/**
 * The environment variable a WebSocket URL takes its proxy from, as
 * python-websockets reads them: `wss_proxy` then `https_proxy` for `wss`,
 * `ws_proxy` then `http_proxy` for `ws`, then `all_proxy` (each name in lower
 * case first, then upper case). `no_proxy` is not applied here.
 */
export function envProxy(
  target: { isSecure: boolean },
  env: NodeJS.ProcessEnv = process.env,
): [name: string, value: string] | null {
  const names = target.isSecure ? ["wss_proxy", "https_proxy"] : ["ws_proxy", "http_proxy"];
  for (const name of [...names, "all_proxy"]) {
    const found = envValue(env, name);
    if (found !== null) return found;
  }
  return null;
}

/**
 * One line saying how a connection to `target` goes, for verbose output:
 * `direct`, or the proxy's kind, address and where it came from
 * (`httpProxyHost` or the environment variable), credentials left out.
 *
 * @throws WebSocketProxyException as {@link chooseProxy} does.
 */
export function describeProxy(
  target: { hostname: string; port: number; isSecure: boolean },
  options: ProxyOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const proxy = chooseProxy(target, options, env);
  if (proxy === null) return "direct (no proxy)";
  const host = proxy.host.includes(":") ? `[${proxy.host}]` : proxy.host;
  const from = options.httpProxyHost ? "httpProxyHost" : (envProxy(target, env)?.[0] ?? "?");
  return `${proxy.type}://${host}:${proxy.port} (from ${from})`;
}
