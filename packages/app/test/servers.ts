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

/**
 * A raw TCP server that completes the opening handshake by hand and then
 * runs `script` on the socket, for servers that misbehave on purpose.
 */
export async function startRaw(
  script: (socket: Socket) => void,
): Promise<{ port: number; connections: () => number; kill: () => Promise<void> }> {
  const { createHash } = await import("node:crypto");
  const { createServer: createTcpServer } = await import("node:net");
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? "";
      const accept = createHash("sha1")
        .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      script(socket);
    };
    socket.on("data", onData);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    kill: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
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
  const { connect, createServer: createTcpServer } = await import("node:net");
  const sockets = new Set<Socket>();
  const tunnels: string[] = [];
  const server = createTcpServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const target = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head)?.[1];
      const [host, port] = (target ?? "").split(":");
      if (target === undefined || host === undefined || port === undefined) {
        client.end("HTTP/1.1 400 Bad Request\r\n\r\n");
        return;
      }
      tunnels.push(target);
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection established\r\n\r\n");
        const rest = Buffer.from(head.slice(end + 4), "latin1");
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
    };
    client.on("data", onData);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    tunnels,
    kill: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
