import { once } from "node:events";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { acceptKey } from "@wsclient/handshake";
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

/**
 * Reads the client's upgrade request from a raw socket, answers 101 (with
 * `extraHeaders`), then hands the socket and the bytes after the request
 * to `then`. `received` collects everything the client sends afterwards.
 */
export function rawHandshake(
  socket: Socket,
  then: (socket: Socket, received: Buffer[]) => void,
  extraHeaders: string[] = [],
): void {
  let head = Buffer.alloc(0);
  const received: Buffer[] = [];
  let upgraded = false;
  socket.on("data", (chunk: Buffer) => {
    if (upgraded) {
      received.push(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    upgraded = true;
    const text = head.subarray(0, end).toString("latin1");
    const key = /sec-websocket-key:\s*(\S+)/i.exec(text)?.[1] ?? "";
    socket.write(
      [
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Accept: ${acceptKey(key)}`,
        ...extraHeaders,
        "",
        "",
      ].join("\r\n"),
    );
    const rest = head.subarray(end + 4);
    if (rest.length > 0) received.push(rest);
    then(socket, received);
  });
}

/** A server frame (unmasked unless `mask`). */
export function frame(
  opcode: number,
  payload: Uint8Array | string = new Uint8Array(0),
  { fin = true, rsv = 0, mask = false }: { fin?: boolean; rsv?: number; mask?: boolean } = {},
): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : Buffer.from(payload);
  const n = data.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const m = mask ? 0x80 : 0;
  if (n < 126) head.push(m | n);
  else if (n < 65536) head.push(m | 126, n >> 8, n & 0xff);
  else {
    head.push(m | 127, 0, 0, 0, 0);
    head.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
  if (mask) {
    const key = [9, 8, 7, 6];
    head.push(...key);
    const out = Buffer.from(data);
    for (let i = 0; i < n; i++) out[i]! ^= key[i % 4]!;
    return Buffer.concat([Buffer.from(head), out]);
  }
  return Buffer.concat([Buffer.from(head), data]);
}

/** The close frame the client sends with the fixed mask key [1,2,3,4]. */
export function clientClose(code?: number, reason = ""): Buffer {
  const payload =
    code === undefined
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);
  const out = Buffer.from(payload);
  for (let i = 0; i < out.length; i++) out[i]! ^= KEY[i % 4]!;
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length, 1, 2, 3, 4]), out]);
}

/** Resolves when `cond()` is true, polling every 10 ms, or rejects after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
