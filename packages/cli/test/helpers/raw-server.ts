import { createHash } from "node:crypto";
import { createServer, type Socket } from "node:net";

/** A scripted TCP server on 127.0.0.1:0 for misbehaving peers. */
export interface RawServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts a node:net server calling `onConnection` for each client; `close()` destroys them all. */
export async function startRawServer(onConnection: (socket: Socket) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads the HTTP request head, then calls `reply` with it. Requests over 16 KiB are dropped. */
export function onRequest(socket: Socket, reply: (head: string) => void): void {
  let buf = "";
  const onData = (chunk: Buffer): void => {
    buf += chunk.toString("latin1");
    if (buf.length > 16 * 1024) return void socket.destroy();
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    socket.off("data", onData);
    reply(buf.slice(0, end));
  };
  socket.on("data", onData);
}

/** The 101 response for a request head (RFC 6455 4.2.2 accept key). */
export function switchingProtocols(head: string): string {
  const key = /^sec-websocket-key:\s*(\S+)/im.exec(head)?.[1] ?? "";
  const accept = createHash("sha1")
    .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest("base64");
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
}

/** A server that completes the handshake, then writes `bytes` (e.g. a broken frame). */
export function upgradeThenSend(bytes: Buffer): Promise<RawServer> {
  return startRawServer((socket) =>
    onRequest(socket, (head) => {
      socket.write(switchingProtocols(head));
      socket.write(bytes);
    }),
  );
}
