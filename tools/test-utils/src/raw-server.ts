import { createServer, type Server, type Socket } from "node:net";
import { listenLoopback } from "./listen.js";

/** A scripted raw TCP server on loopback, for peers that misbehave on purpose. */
export interface RawServer {
  port: number;
  /** `ws://host:port/` for this server. */
  url: string;
  server: Server;
  /** Open client sockets (destroyed by `close()`). */
  sockets: Set<Socket>;
  /** Bytes received by each connection so far; only filled with `record: true`. */
  received: Buffer[];
  /** How many client connections were accepted. */
  connections: () => number;
  /** How many client connections have closed. */
  closed: () => number;
  /** Destroys every client socket and stops listening. */
  close: () => Promise<void>;
}

/** Options of {@link startRawServer}. */
export interface RawServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: string;
  /**
   * Record every connection's bytes in `received`. This adds a `data`
   * listener, so sockets start flowing: leave it off to test backpressure.
   */
  record?: boolean;
}

/** Starts a node:net server calling `onConnection` for each client (with its index). */
export async function startRawServer(
  onConnection: (socket: Socket, index: number) => void,
  { host = "127.0.0.1", record = false }: RawServerOptions = {},
): Promise<RawServer> {
  const received: Buffer[] = [];
  let connections = 0;
  let closed = 0;
  const server = createServer((socket) => {
    const index = connections++;
    if (record) {
      received.push(Buffer.alloc(0));
      socket.on("data", (chunk: Buffer) => {
        received[index] = Buffer.concat([received[index] ?? Buffer.alloc(0), chunk]);
      });
    }
    socket.on("error", () => {});
    socket.on("close", () => {
      closed += 1;
    });
    onConnection(socket, index);
  });
  const listening = await listenLoopback(server, host);
  const authority = host.includes(":") ? `[${host}]` : host;
  return {
    ...listening,
    url: `ws://${authority}:${listening.port}/`,
    server,
    received,
    connections: () => connections,
    closed: () => closed,
  };
}
