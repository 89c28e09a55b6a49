/**
 * The ceiling of the receive rows: raw TCP readers that do the HTTP upgrade
 * by hand and then only count bytes (no frame parsing, no copies, no
 * messages). `onread` reads into one reused 256 KiB buffer (the fastest way
 * Node offers to read a socket); `data` takes Node's `'data'` events, one
 * fresh Buffer per read.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { wireBytes } from "./rows.js";
import { commandFrame, type Side } from "./side.js";

export async function openRaw(port: number, mode: "onread" | "data"): Promise<Side> {
  let handshake = "";
  let upgraded: (() => void) | null = null;
  let isUpgraded = false;
  let pending = 0;
  let bad = 0;
  let resolve: (() => void) | null = null;

  const count = (n: number): void => {
    pending -= n;
    if (pending <= 0 && resolve) {
      if (pending < 0) bad++;
      const done = resolve;
      resolve = null;
      done();
    }
  };
  const onBytes = (buf: Buffer, end: number): void => {
    if (isUpgraded) {
      count(end);
      return;
    }
    handshake += buf.toString("latin1", 0, end);
    const at = handshake.indexOf("\r\n\r\n");
    if (at < 0) return;
    if (!handshake.startsWith("HTTP/1.1 101")) bad++;
    isUpgraded = true;
    upgraded?.();
    const extra = handshake.length - (at + 4);
    if (extra > 0) count(extra);
  };

  let socket: Socket;
  if (mode === "onread") {
    const buffer = Buffer.allocUnsafe(256 * 1024);
    socket = connect({
      host: "127.0.0.1",
      port,
      onread: {
        buffer,
        callback: (nread: number, buf: Uint8Array): boolean => {
          onBytes(buf as Buffer, nread);
          return true; // false would pause the socket
        },
      },
    });
  } else {
    socket = connect({ host: "127.0.0.1", port });
    socket.on("data", (chunk: Buffer) => onBytes(chunk, chunk.length));
  }
  socket.setNoDelay(true);
  await new Promise<void>((done, fail) => {
    upgraded = done;
    socket.once("error", fail);
    socket.write(
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });

  return {
    get bad() {
      return bad;
    },
    recv(size, n) {
      pending = n * wireBytes(size);
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      socket.write(commandFrame(`burst ${size} ${n}`));
      return done;
    },
    close() {
      socket.destroy();
    },
  };
}
