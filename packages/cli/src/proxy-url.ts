import {
  describeProxy,
  type ProxyOptions,
  type ProxyType,
  parseProxyUrl,
  parseTarget,
} from "@wsclient/transport";

/** The proxy kinds `--proxy` understands, by URL scheme (transport's `ProxyType`). */
export type ProxyKind = ProxyType;

/** Connect options derived from a `--proxy` URL. */
export interface ProxyConnectOptions {
  httpProxyHost: string;
  httpProxyPort: number;
  proxyType: ProxyKind;
  httpProxyAuth?: [string, string];
}

/**
 * Turns `--proxy URL` into connect options, through transport's
 * `parseProxyUrl` (the one reader of proxy URLs, also used for
 * `http_proxy` & co.): `http://`, `https://`, `socks4://`, `socks4a://`,
 * `socks5://`, `socks5h://`, with optional percent-encoded `user:pass@`; a
 * URL without a scheme is HTTP; the port defaults to the scheme's (80, 443,
 * 1080). Error messages name `--proxy`.
 *
 * Python's wsdump used only host and port, so `socks5://` silently meant
 * HTTP CONNECT and credentials were dropped; here the scheme and the
 * credentials count.
 *
 * @throws WebSocketProxyException for an unknown scheme, no host or a bad port.
 */
export function proxyFromUrl(raw: string): ProxyConnectOptions {
  const proxy = parseProxyUrl(raw, "--proxy");
  const options: ProxyConnectOptions = {
    httpProxyHost: proxy.host,
    httpProxyPort: proxy.port,
    proxyType: proxy.type,
  };
  if (proxy.auth !== undefined) options.httpProxyAuth = proxy.auth;
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
