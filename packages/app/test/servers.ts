import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type ServerOptions, WebSocketServer, type WebSocket as WsPeer } from "ws";

/** A `ws` server on 127.0.0.1 (port 0 unless given) that can be killed. */
export interface WsPeerServer {
  port: number;
  wss: WebSocketServer;
  /** Upgrade requests seen (headers), in order. */
  requests: Record<string, string | string[] | undefined>[];
  /** Kill: drop every client without a close frame, stop listening. */
  kill(): Promise<void>;
}

export async function startWs(
  onConnection: (peer: WsPeer) => void,
  options: ServerOptions = {},
  port = 0,
): Promise<WsPeerServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port, ...options });
  const requests: WsPeerServer["requests"] = [];
  wss.on("connection", (peer, req) => {
    requests.push(req.headers);
    peer.on("error", () => {});
    onConnection(peer);
  });
  await once(wss, "listening");
  const address = wss.address() as AddressInfo;
  return {
    port: address.port,
    wss,
    requests,
    async kill() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** An HTTP server that answers every upgrade with 401 and a body. */
export async function startUnauthorized(): Promise<{
  port: number;
  upgrades: () => number;
  close: () => Promise<void>;
}> {
  let upgrades = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(401).end("no token here");
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("upgrade", (_req, socket: Socket) => {
    upgrades++;
    socket.end(
      "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nno token here",
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    upgrades: () => upgrades,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves `p`, or rejects after `ms` so that no test can hang. */
export function within<T>(p: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
