import { createServer, type Server, type Socket } from "node:net";

/** A scripted raw TCP server on loopback, for misbehaving peers. */
export interface RawServer {
  port: number;
  /** Bytes received by each connection so far. */
  received: Buffer[];
  /** How many client connections have closed. */
  closed: () => number;
  close: () => Promise<void>;
}

/** Starts a server that runs `onConnection` for each client; sockets are destroyed on close. */
export async function startRawServer(
  onConnection: (socket: Socket, index: number) => void,
  host = "127.0.0.1",
): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  let closed = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const index = received.length;
    received.push(Buffer.alloc(0));
    socket.on("data", (chunk) => {
      received[index] = Buffer.concat([received[index] ?? Buffer.alloc(0), chunk]);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      sockets.delete(socket);
      closed += 1;
    });
    onConnection(socket, index);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    received,
    closed: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once `socket` has received a full HTTP head (`\r\n\r\n`), with that head. */
export function onHead(socket: Socket, then: (head: string) => void): void {
  let buf = "";
  const onData = (chunk: Buffer): void => {
    buf += chunk.toString("latin1");
    const end = buf.indexOf("\r\n\r\n");
    if (end !== -1) {
      socket.off("data", onData);
      then(buf.slice(0, end));
    }
  };
  socket.on("data", onData);
}
