import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { encodeFrame, FrameReader } from "../src/index";

/** How the deliberately broken client misbehaves. */
export interface RawClientFlaws {
  /** Reply to a close with this code instead of echoing the server's (WRONG CODE). */
  closeReplyCode?: number;
  /** Drop TCP on a close frame without replying (UNCLEAN). */
  dropOnClose?: boolean;
}

/**
 * A tiny raw WebSocket client that echoes every message and never checks
 * anything: reserved bits, reserved opcodes and invalid UTF-8 all pass.
 * It resolves when the TCP connection is gone.
 */
export function rawEchoCase(url: string, flaws: RawClientFlaws = {}): Promise<void> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    const key = randomBytes(16).toString("base64");
    const reader = new FrameReader({ maxFramePayload: 64 * 1024 * 1024 });
    let handshake: Buffer | null = Buffer.alloc(0);
    let parts: Buffer[] = [];
    let opcode = 0;
    const send = (op: number, payload: Uint8Array) =>
      socket.write(encodeFrame({ opcode: op, payload, mask: randomBytes(4) }));
    socket.on("connect", () =>
      socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.on("data", (chunk: Buffer) => {
      if (handshake) {
        handshake = Buffer.concat([handshake, chunk]);
        const end = handshake.indexOf("\r\n\r\n");
        if (end < 0) return;
        chunk = handshake.subarray(end + 4);
        handshake = null;
      }
      for (const f of reader.push(chunk)) {
        if (f.opcode === 8) {
          if (flaws.dropOnClose) socket.destroy();
          else if (flaws.closeReplyCode !== undefined) {
            const p = Buffer.alloc(2);
            p.writeUInt16BE(flaws.closeReplyCode);
            send(8, p);
          } else send(8, f.payload);
          socket.end();
          return;
        }
        if (f.opcode === 9) send(10, f.payload);
        if (f.opcode > 2) continue;
        if (f.opcode !== 0) opcode = f.opcode;
        parts.push(f.payload);
        if (f.fin) {
          send(opcode, Buffer.concat(parts));
          parts = [];
        }
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve());
  });
}
