import type { Server, Socket } from "node:net";

/** A server listening on loopback whose `close()` also destroys every open socket. */
export interface Listening {
  port: number;
  /** The sockets `close()` destroys: accepted connections, plus any the caller adds. */
  sockets: Set<Socket>;
  close: () => Promise<void>;
}

/**
 * Listens on `host`:0 and tracks accepted connections (TCP level, so this
 * works for node:net, node:tls and node:http servers alike) in `sockets`.
 */
export async function listenLoopback(
  server: Server,
  host = "127.0.0.1",
  sockets: Set<Socket> = new Set(),
): Promise<Listening> {
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
