import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";

/** A `ws` echo server on loopback. */
export interface WsServer {
  port: number;
  /** Host headers of the upgrade requests seen, in order. */
  hosts: string[];
  close: () => Promise<void>;
}

/** Starts a `ws` WebSocketServer (plain, or TLS with `tls`) that echoes messages. */
export async function startWsServer(
  tls?: { key: Buffer; cert: Buffer; ca?: Buffer; requestCert?: boolean },
  host = "127.0.0.1",
): Promise<WsServer> {
  const server: Server = tls
    ? createHttpsServer({
        key: tls.key,
        cert: tls.cert,
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.requestCert ? { requestCert: true, rejectUnauthorized: true } : {}),
      })
    : createHttpServer();
  const hosts: string[] = [];
  server.on("upgrade", (req) => hosts.push(req.headers.host ?? ""));
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => ws.on("message", (data, binary) => ws.send(data, { binary })));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    hosts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Reads from `socket` until `\r\n\r\n`; rejects on close or after `timeoutMs`. */
export function readHead(socket: Duplex, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(
      () => done(new Error(`no response head within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buf += chunk.toString("latin1");
      const end = buf.indexOf("\r\n\r\n");
      if (end !== -1) done(null, buf.slice(0, end));
    };
    const onClose = (): void => done(new Error(`closed after ${JSON.stringify(buf)}`));
    const done = (err: Error | null, head?: string): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onClose);
      socket.pause();
      if (err) reject(err);
      else resolve(head ?? "");
    };
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.once("error", onClose);
    socket.resume();
  });
}

/** Writes a minimal RFC 6455 upgrade request and returns the response's status line. */
export async function upgrade(socket: Duplex, host: string, resource = "/"): Promise<string> {
  socket.write(
    `GET ${resource} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await readHead(socket);
  return head.split("\r\n")[0] ?? "";
}

/** Sends one masked text frame and reads the echoed unmasked frame's payload (short messages only). */
export function echo(socket: Duplex, text: string, timeoutMs = 5000): Promise<string> {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error("echo() is for short messages");
  const mask = randomBytes(4);
  const frame = Buffer.concat([
    Buffer.from([0x81, 0x80 | payload.length]),
    mask,
    Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0))),
  ]);
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error("no echo")), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const len = (buf[1] ?? 0) & 0x7f;
      if (buf.length >= 2 + len) finish(null, buf.subarray(2, 2 + len).toString());
    };
    const finish = (err: Error | null, value?: string): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.pause();
      if (err) reject(err);
      else resolve(value ?? "");
    };
    socket.on("data", onData);
    socket.resume();
    socket.write(frame);
  });
}
