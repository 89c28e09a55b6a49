import { once } from "node:events";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { WebSocketServer, type WebSocketServer as WSS } from "ws";

/** A `ws` server on 127.0.0.1, free port. */
export async function startWsServer(
  options: ConstructorParameters<typeof WebSocketServer>[0] = {},
): Promise<{ wss: WSS; url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, ...options });
  await once(wss, "listening");
  const { port } = wss.address() as AddressInfo;
  return {
    wss,
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A raw TCP server on 127.0.0.1 whose behaviour is scripted per connection. */
export async function startRawServer(
  onConnection: (socket: Socket) => void,
): Promise<{ server: Server; url: string; sockets: Set<Socket>; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onConnection(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `ws://127.0.0.1:${port}`,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Fixed mask key for byte-exact assertions. */
export const KEY = new Uint8Array([1, 2, 3, 4]);
export const fixedKey = (): Uint8Array => KEY.slice();
