/**
 * From a WebSocket URL to an open socket: URL parsing, proxy choice (options,
 * `ws_proxy`/`wss_proxy`, `http_proxy`/`https_proxy`/`all_proxy`, `no_proxy`), TCP with happy
 * eyeballs, TLS with verification on by default, Unix sockets, HTTP CONNECT
 * and SOCKS 4/4a/5/5h tunnels. The only wsclient package that touches
 * `node:net`, `node:tls` and `node:dns`.
 *
 * @packageDocumentation
 */
export {
  chooseProxy,
  describeProxy,
  envProxy,
  PROXY_TYPES,
  type ProxyInfo,
  type ProxyOptions,
  type ProxyType,
  parseProxyUrl,
} from "./choose-proxy.js";
export {
  basicAuth,
  buildConnectRequest,
  MAX_CONNECT_RESPONSE_BYTES,
} from "./http-connect.js";
export { isNoProxyHost, type NoProxyContext } from "./no-proxy.js";
export type { OnRead } from "./on-read.js";
export { type Connection, openConnection, type TransportOptions } from "./open-connection.js";
export { TRANSPORT_OPTION_KEYS } from "./option-keys.js";
export { parseTarget, parseUrl, type Target, type UrlUserinfo } from "./parse-url.js";
export {
  DEFAULT_SOCKET_OPTION,
  type ResolvedSockOpt,
  resolveSockOpt,
  type SockOpt,
  type SockOptObject,
  type SockOptTuple,
} from "./sockopt.js";
export {
  buildTlsOptions,
  type CertReqs,
  type PythonSslOpt,
  type SslOpt,
  type TlsTarget,
} from "./sslopt.js";
