import { type LookupFunction, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import {
  WebSocketAddressException,
  WebSocketException,
  WebSocketProxyException,
} from "@wsclient/errors";
import { chooseProxy, type ProxyInfo, type ProxyOptions } from "./choose-proxy.js";
import { checkTimeout, Deadline } from "./deadline.js";
import { httpConnect } from "./http-connect.js";
import type { OnRead } from "./on-read.js";
import { parseTarget, type Target } from "./parse-url.js";
import { resolveSockOpt, type SockOpt } from "./sockopt.js";
import { socksConnect } from "./socks-connect.js";
import { buildTlsOptions, type SslOpt } from "./sslopt.js";
import { connectTcp, connectUnix, hostPort } from "./tcp-connect.js";
import { startTls } from "./tls-connect.js";

/** Options of {@link openConnection}: the proxy options plus sockets, TLS and time. */
export interface TransportOptions extends ProxyOptions {
  /**
   * Milliseconds for the whole opening: DNS, TCP, proxy tunnel and TLS.
   * `null`/`undefined`: no limit.
   */
  timeout?: number | null;
  /** Aborting it rejects the pending open and destroys the socket. */
  signal?: AbortSignal;
  /** Socket options; see {@link SockOpt}. Default: noDelay, keepalive after 30 s idle. */
  sockopt?: SockOpt | null;
  /** TLS options: Node's `tls.connect` options and/or Python's keys; see {@link SslOpt}. */
  sslopt?: SslOpt | null;
  /**
   * A socket the caller already connected. No DNS, no proxy; for `wss` it is
   * wrapped in TLS unless it already is a `TLSSocket`. It is destroyed if
   * opening fails (TLS handshake, abort).
   */
  socket?: Socket | Duplex | null;
  /**
   * A resolver instead of `dns.lookup`, for the server or the proxy (as in
   * `net.connect`; it is called with `all: true` for happy eyeballs).
   */
  lookup?: LookupFunction;
  /** Environment for proxies, `no_proxy`, `WEBSOCKET_CLIENT_CA_BUNDLE` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /**
   * Read into one reused buffer (`net.connect`'s `onread`) instead of
   * `'data'` events, where the socket allows it: a direct TCP or Unix
   * connection without TLS. {@link Connection.onread} says whether it was
   * used; `'data'` is not emitted then.
   */
  onread?: OnRead;
}

/** An open connection, ready for the HTTP upgrade request. */
export interface Connection {
  /**
   * The socket to write the upgrade request to: a `net.Socket`, a
   * `tls.TLSSocket`, or the caller's own `Duplex`. It is **paused**
   * (`readableFlowing === false`): attach listeners then call `resume()`, or
   * read with `'readable'`/async iteration. Attach an `'error'` listener at once.
   */
  socket: Socket | TLSSocket | Duplex;
  /** True when TLS runs to the WebSocket server (`wss`). */
  isSsl: boolean;
  /** The proxy the tunnel goes through, or null when direct. */
  proxy: ProxyInfo | null;
  /** The parsed URL. */
  target: Target;
  /** True when the socket reads through the `onread` option (no `'data'` events). */
  onread: boolean;
  /**
   * True when a write whose callback came (without an error) is done with
   * its bytes, so their memory may be reused: a socket made here (TCP,
   * Unix, TLS, a proxy tunnel), a `net.Socket`, or TLS over the caller's
   * stream. False for the caller's own `Duplex`, which may keep the very
   * chunks written to it (a `PassThrough` hands them to its reader).
   */
  writesCopied: boolean;
}

function checkOptions(options: TransportOptions | null | undefined): TransportOptions {
  if (options == null) return {};
  if (typeof options !== "object") {
    throw new WebSocketException(`openConnection options must be an object, got ${typeof options}`);
  }
  const { signal, socket, env, sslopt, lookup } = options;
  if (signal != null && typeof (signal as AbortSignal).addEventListener !== "function") {
    throw new WebSocketException("signal must be an AbortSignal");
  }
  if (socket != null && typeof (socket as Duplex).write !== "function") {
    throw new WebSocketException("socket must be a connected net.Socket or Duplex stream");
  }
  if (env != null && typeof env !== "object") throw new WebSocketException("env must be an object");
  if (sslopt != null && typeof sslopt !== "object") {
    throw new WebSocketException("sslopt must be an object");
  }
  if (lookup != null && typeof lookup !== "function") {
    throw new WebSocketException("lookup must be a function");
  }
  return options;
}

function isTlsSocket(socket: Duplex): boolean {
  return socket instanceof TLSSocket || (socket as { encrypted?: unknown }).encrypted === true;
}

function putBack(socket: Duplex, extra: Buffer, proxy: string, tlsNext: boolean): void {
  if (extra.length === 0) return;
  if (tlsNext) {
    throw new WebSocketProxyException(
      `Proxy ${proxy} sent ${extra.length} bytes before the TLS handshake started`,
    );
  }
  socket.unshift(extra);
}

/**
 * Opens the connection a WebSocket URL needs: TCP (happy eyeballs, noDelay,
 * keepalive), a Unix socket (`ws+unix:`), or the caller's socket; through an
 * HTTP CONNECT (`http`/`https`) or SOCKS (4/4a/5/5h) proxy when one is chosen
 * (see {@link chooseProxy}); then TLS for `wss`. The returned socket is
 * connected, TLS is done, and nothing has been written to it yet.
 *
 * ```ts
 * const { socket } = await openConnection("wss://example.com/chat", { timeout: 5000 });
 * socket.write("GET /chat HTTP/1.1\r\n...");
 * ```
 *
 * @throws WebSocketException for a bad URL or option;
 *   WebSocketAddressException when the host does not resolve or refuses;
 *   WebSocketTimeoutException when `timeout` or `httpProxyTimeout` runs out;
 *   WebSocketProxyException when the proxy refuses or fails;
 *   WebSocketTlsException when the TLS handshake or certificate check fails;
 *   WebSocketException (cause: the reason) when `signal` aborts.
 *   On any failure every socket opened here is destroyed.
 */
export async function openConnection(
  url: string,
  options?: TransportOptions | null,
): Promise<Connection> {
  options = checkOptions(options);
  const target = parseTarget(url);
  const env = options.env ?? process.env;
  const timeout = checkTimeout(options.timeout, "timeout");
  const proxyTimeout = checkTimeout(options.httpProxyTimeout, "httpProxyTimeout");
  const sockopt = resolveSockOpt(options.sockopt);
  const given = options.socket ?? null;
  const proxy = given || target.unixPath ? null : chooseProxy(target, options, env);
  const where = target.unixPath
    ? `unix:${target.unixPath}`
    : hostPort(target.hostname, target.port);
  // Validate TLS options before any I/O, so a bad sslopt fails fast.
  const tlsOptions = target.isSecure
    ? buildTlsOptions(options.sslopt, { hostname: target.hostname, env })
    : undefined;

  // `onread` only where nothing else reads the socket first: not through a
  // proxy (the tunnel's answer is read as 'data'), not under TLS.
  const onread = given || proxy !== null || target.isSecure ? undefined : options.onread;
  const deadline = new Deadline(url, timeout, options.signal ?? undefined);
  const owned: Duplex[] = [];
  const track = (s: Duplex): void => {
    owned.push(s);
  };
  let socket: Duplex;
  try {
    deadline.check();
    if (given) {
      socket = given;
      track(given);
    } else if (target.unixPath !== undefined) {
      deadline.stage = `connecting to ${where}`;
      socket = await connectUnix(target.unixPath, deadline.signal, track, onread);
    } else if (proxy === null) {
      deadline.stage = `connecting to ${where}`;
      socket = await connectTcp(
        target.hostname,
        target.port,
        sockopt,
        deadline.signal,
        track,
        options.lookup,
        onread,
      );
    } else {
      socket = await tunnel(proxy, target, options, sockopt, deadline, proxyTimeout, env, track);
    }
    let isSsl = false;
    let writesCopied = given === null || given instanceof Socket;
    if (tlsOptions) {
      // Only the caller's own socket may already be TLS (to the server);
      // a TLSSocket from here is TLS to an https proxy.
      if (given && isTlsSocket(given)) isSsl = true;
      else {
        deadline.stage = `the TLS handshake with ${where}`;
        socket = await startTls(
          socket,
          tlsOptions,
          where,
          deadline.signal,
          track,
          env.SSLKEYLOGFILE,
        );
        isSsl = true;
        writesCopied = true; // TLS copies the plaintext it encrypts
      }
    }
    deadline.check();
    socket.pause();
    return { socket, isSsl, proxy, target, onread: onread !== undefined, writesCopied };
  } catch (err) {
    for (const s of owned.reverse()) {
      s.on("error", () => {});
      s.destroy();
    }
    if (WebSocketException.isInstance(err)) throw err;
    throw new WebSocketException(
      `Opening ${where} failed: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    deadline.dispose();
  }
}

async function tunnel(
  proxy: ProxyInfo,
  target: Target,
  options: TransportOptions,
  sockopt: ReturnType<typeof resolveSockOpt>,
  outer: Deadline,
  proxyTimeout: number | undefined,
  env: NodeJS.ProcessEnv,
  track: (s: Duplex) => void,
): Promise<Duplex> {
  const proxyWhere = hostPort(proxy.host, proxy.port);
  const deadline = new Deadline(
    `${proxy.type} proxy ${proxyWhere}`,
    proxyTimeout,
    outer.signal,
    "httpProxyTimeout",
  );
  const stage = (text: string): void => {
    deadline.stage = text;
    outer.stage = text;
  };
  try {
    stage(`connecting to the ${proxy.type} proxy ${proxyWhere}`);
    let socket: Duplex = await connectTcp(
      proxy.host,
      proxy.port,
      sockopt,
      deadline.signal,
      track,
      options.lookup,
    ).catch((err: unknown) => {
      // Unreachable proxy: a proxy failure, with the address error as cause.
      if (!WebSocketAddressException.isInstance(err)) throw err;
      throw new WebSocketProxyException(
        `Cannot reach the ${proxy.type} proxy: ${(err as Error).message}`,
        { cause: err },
      );
    });
    if (proxy.type === "http" || proxy.type === "https") {
      if (proxy.type === "https") {
        stage(`the TLS handshake with the proxy ${proxyWhere}`);
        const {
          server_hostname: _s,
          servername: _n,
          check_hostname: _c,
          ...proxySsl
        } = options.sslopt ?? {};
        const proxyTls = buildTlsOptions(proxySsl, { hostname: proxy.host, env });
        socket = await startTls(socket, proxyTls, `proxy ${proxyWhere}`, deadline.signal, track);
      }
      stage(`waiting for the CONNECT answer of ${proxyWhere}`);
      const extra = await httpConnect(
        socket,
        { host: target.hostname, port: target.port },
        proxy.auth,
        proxyWhere,
        deadline.signal,
      );
      putBack(socket, extra, proxyWhere, target.isSecure);
      return socket;
    }
    stage(`the ${proxy.type} handshake with ${proxyWhere}`);
    const extra = await socksConnect(
      socket as Socket,
      proxy,
      { host: target.hostname, port: target.port },
      proxyWhere,
      deadline.signal,
    );
    putBack(socket, extra, proxyWhere, target.isSecure);
    return socket;
  } finally {
    deadline.dispose();
  }
}
