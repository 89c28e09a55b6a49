import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { type Mode, modeOf, numberParam } from "./modes.js";

/** Options of {@link startEchoServer}. */
export interface EchoServerOptions {
  /** Address to bind; loopback by default. */
  host?: string;
  /** Port to bind; 0 (the default) picks a free one. */
  port?: number;
  /** Answer pings automatically (default true). Off, the server never pongs. */
  autoPong?: boolean;
  /** Largest message accepted, in bytes (default 100 MiB). */
  maxPayload?: number;
  /** Subprotocols the server accepts; the first one the client offers that is listed wins. Default: accept the client's first. */
  subprotocols?: string[];
  /** Listen on this Unix socket path instead of TCP (`url` is then `ws+unix://<path>:`). */
  path?: string;
  /** Serve `wss://` with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** A running server. */
export interface EchoServer {
  /** `ws://host:port` (`wss://` with `tls`; IPv6 bracketed). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Number of connections currently open. */
  readonly clients: number;
  /** Closes every connection (1001) and the listener. */
  close(): Promise<void>;
}

const MAX_PUSH = 1_000_000;

/**
 * Starts a WebSocket server on loopback for tests, demos and benchmarks. The
 * request path picks the behaviour (see {@link Mode}); the default echoes.
 */
export async function startEchoServer(options: EchoServerOptions = {}): Promise<EchoServer> {
  const host = options.host ?? "127.0.0.1";
  let https: HttpsServer | HttpServer | undefined;
  if (options.tls || options.path) {
    https = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key })
      : createHttpServer();
    await new Promise<void>((resolve, reject) => {
      https?.once("error", reject);
      if (options.path) https?.listen(options.path, resolve);
      else https?.listen(options.port ?? 0, host, resolve);
    });
  }
  const wss = new WebSocketServer({
    ...(https ? { server: https } : { host, port: options.port ?? 0 }),
    autoPong: options.autoPong ?? true,
    maxPayload: options.maxPayload ?? 100 * 1024 * 1024,
    perMessageDeflate: false,
    handleProtocols: (offered) => {
      const list = [...offered];
      if (options.subprotocols === undefined) return list[0] ?? false;
      return list.find((p) => options.subprotocols?.includes(p)) ?? false;
    },
  });
  if (!https) {
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
  }
  wss.on("connection", (ws, req) => {
    ws.on("error", () => ws.terminate());
    const path = req.url ?? "/";
    const query = new URLSearchParams(path.split("?")[1] ?? "");
    run(modeOf(path), ws, query, req.headers);
  });
  const port = options.path ? 0 : ((https ?? wss).address() as AddressInfo).port;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    url: options.path
      ? `ws+unix://${options.path}:`
      : `${options.tls ? "wss" : "ws"}://${hostPart}:${port}`,
    host,
    port,
    get clients() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.close(1001, "server shutting down");
        const t = setTimeout(() => {
          for (const c of wss.clients) c.terminate();
        }, 500);
        wss.close(() => {
          clearTimeout(t);
          if (https) https.close(() => resolve());
          else resolve();
        });
      }),
  };
}

function echo(ws: WebSocket): void {
  ws.on("message", (data: RawData, isBinary: boolean) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(data, { binary: isBinary });
  });
}

function run(mode: Mode, ws: WebSocket, query: URLSearchParams, headers: object): void {
  switch (mode) {
    case "echo":
      echo(ws);
      return;
    case "headers":
      ws.send(JSON.stringify(headers));
      echo(ws);
      return;
    case "ping":
      ws.ping(query.get("data") ?? "");
      echo(ws);
      return;
    case "silent":
      return;
    case "close": {
      const code = numberParam(query, "code", 1000);
      ws.close(code, query.get("reason") ?? "");
      return;
    }
    case "push":
      push(ws, query);
      return;
    case "flood":
      flood(ws, query);
      return;
  }
}

function push(ws: WebSocket, query: URLSearchParams): void {
  const n = Math.min(numberParam(query, "n", 1), MAX_PUSH);
  const size = numberParam(query, "size", 0);
  const interval = numberParam(query, "interval", 0);
  const binary = query.get("binary") === "1";
  const closeCode = query.get("close");
  let sent = 0;
  const next = (): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (sent >= n) {
      if (closeCode !== null) ws.close(Number(closeCode), query.get("reason") ?? "");
      return;
    }
    sent += 1;
    const body = size > 0 ? "x".repeat(size) : `message ${sent}`;
    ws.send(binary ? Buffer.from(body) : body, { binary }, () => {
      if (interval > 0) setTimeout(next, interval);
      else setImmediate(next);
    });
  };
  echo(ws);
  next();
}

function flood(ws: WebSocket, query: URLSearchParams): void {
  const total = numberParam(query, "bytes", 1024 * 1024);
  const size = Math.max(1, numberParam(query, "size", 16 * 1024));
  const chunk = Buffer.alloc(size, 0x61);
  let left = total;
  const pump = (): void => {
    while (left > 0 && ws.readyState === WebSocket.OPEN) {
      const n = Math.min(left, size);
      left -= n;
      ws.send(n === size ? chunk : chunk.subarray(0, n), { binary: true });
      // Respect backpressure: wait for the socket to drain past 1 MiB.
      if (ws.bufferedAmount > 1024 * 1024) {
        setTimeout(pump, 1);
        return;
      }
    }
    if (left <= 0 && ws.readyState === WebSocket.OPEN) ws.close(1000, "flood done");
  };
  pump();
}
