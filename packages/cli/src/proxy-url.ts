import { WebSocketProxyException } from "@wsclient/errors";
import { describeProxy, type ProxyOptions, parseTarget } from "@wsclient/transport";

/** The proxy kinds `--proxy` understands, by URL scheme. */
export type ProxyKind = "http" | "https" | "socks4" | "socks4a" | "socks5" | "socks5h";

/** Connect options derived from a `--proxy` URL. */
export interface ProxyConnectOptions {
  httpProxyHost: string;
  httpProxyPort: number;
  proxyType: ProxyKind;
  httpProxyAuth?: [string, string];
}

const DEFAULT_PORTS: Record<ProxyKind, number> = {
  http: 80,
  https: 443,
  socks4: 1080,
  socks4a: 1080,
  socks5: 1080,
  socks5h: 1080,
};

/**
 * Turns `--proxy URL` into connect options. Accepts `http://`, `https://`,
 * `socks4://`, `socks4a://`, `socks5://`, `socks5h://`, with optional
 * percent-encoded `user:pass@`; a URL without a scheme is HTTP. The port
 * defaults to the scheme's (80, 443, 1080).
 *
 * Python's wsdump used only host and port, so `socks5://` silently meant
 * HTTP CONNECT and credentials were dropped; here the scheme and the
 * credentials count.
 *
 * @throws WebSocketProxyException for an unknown scheme or a URL without a host.
 */
export function proxyFromUrl(raw: string): ProxyConnectOptions {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new WebSocketProxyException(`invalid proxy URL ${JSON.stringify(raw)}`);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!(scheme in DEFAULT_PORTS)) {
    throw new WebSocketProxyException(
      `unsupported proxy scheme "${scheme}:" (use http, https, socks4, socks4a, socks5 or socks5h)`,
    );
  }
  const kind = scheme as ProxyKind;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "")
    throw new WebSocketProxyException(`proxy URL ${JSON.stringify(raw)} has no host`);
  const options: ProxyConnectOptions = {
    httpProxyHost: host,
    httpProxyPort: url.port === "" ? DEFAULT_PORTS[kind] : Number(url.port),
    proxyType: kind,
  };
  if (url.username !== "" || url.password !== "") {
    options.httpProxyAuth = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
  }
  return options;
}

const PROXY_VARS = /^(https?_proxy|all_proxy|no_proxy|ws_proxy|wss_proxy)$/i;

/** A copy of `env` without the proxy variables, for `--no-proxy`. */
export function envWithoutProxy(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!PROXY_VARS.test(k)) out[k] = v;
  return out;
}

/**
 * For `-v`: how the connection to `url` will go — `proxy: direct (no
 * proxy)` or `proxy: http://127.0.0.1:3128 (from ws_proxy)` — as transport
 * will choose it (explicit `--proxy`, else `ws_proxy`/`wss_proxy`,
 * `http_proxy`/`https_proxy`, `all_proxy`, with `no_proxy`). `null` for
 * Unix sockets and URLs transport will reject anyway.
 */
export function proxyLine(
  url: string,
  options: ProxyOptions & { env?: NodeJS.ProcessEnv },
): string | null {
  try {
    const target = parseTarget(url);
    if (target.unixPath !== undefined) return null;
    return `proxy: ${describeProxy(target, options, options.env)}`;
  } catch {
    return null;
  }
}
