import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from "node:net";
import { listenLoopback, onHead } from "@wsclient-tools/test-utils";
import { afterEach } from "vitest";
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
  const server: Server = createServer((_req, res) => {
    res.writeHead(401).end("no token here");
  });
  server.on("upgrade", (_req, socket: Socket) => {
    upgrades++;
    socket.end(
      "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nno token here",
    );
  });
  const { port, close } = await listenLoopback(server);
  return { port, upgrades: () => upgrades, close };
}

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1: tunnels to the requested
 * host:port and counts the tunnels it made.
 */
export async function startConnectProxy(): Promise<{
  port: number;
  tunnels: string[];
  kill: () => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const tunnels: string[] = [];
  const server = createTcpServer((client) => {
    client.on("error", () => {});
    onHead(client, (head, rest) => {
      const target = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(`${head}\r\n`)?.[1];
      const [host, port] = (target ?? "").split(":");
      if (target === undefined || host === undefined || port === undefined) {
        client.end("HTTP/1.1 400 Bad Request\r\n\r\n");
        return;
      }
      tunnels.push(target);
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on("close", () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
    });
  });
  const { port, close } = await listenLoopback(server, "127.0.0.1", sockets);
  return { port, tunnels, kill: close };
}

/**
 * Stops every server a test started once the test ends. Call at a test
 * file's top level; wrap each start: `const s = await track(startWs(...))`.
 */
export function trackServers(): <T extends { kill(): Promise<void> } | { close(): Promise<void> }>(
  p: Promise<T>,
) => Promise<T> {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  return async (p) => {
    const s = await p;
    stops.push("kill" in s ? () => s.kill() : () => s.close());
    return s;
  };
}
