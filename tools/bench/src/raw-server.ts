/**
 * What the benchmark's hand-made servers (client/server.ts, flood/server.ts,
 * deflate-server.ts) share: they skip every library so that the server side
 * costs the same for each client measured, and need only an upgrade answer
 * and unmasked frame headers.
 */
import { createHash } from "node:crypto";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * The 101 answer to an upgrade request with `key` (its
 * Sec-WebSocket-Key), plus `extraHeaders` ("Name: value\r\n" lines).
 * "the server [...] concatenate[s] this with the Globally Unique
 * Identifier [...] A SHA-1 hash (160 bits), base64-encoded" (RFC 6455 §4.2.2).
 */
export function upgradeResponse(key: string, extraHeaders = ""): string {
  const accept = createHash("sha1").update(`${key}${GUID}`).digest("base64");
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${extraHeaders}\r\n`;
}

/** The Sec-WebSocket-Key of a raw request head ("" when absent). */
export function requestKey(request: string): string {
  return /sec-websocket-key:\s*(\S+)/i.exec(request)?.[1] ?? "";
}

/**
 * The header of an unmasked server frame with FIN set: 7-bit, 16-bit (126)
 * or 64-bit (127) payload length (RFC 6455 §5.2), RSV1 when `rsv1`.
 */
export function frameHeader(opcode: number, length: number, rsv1 = false): Buffer {
  const first = 0x80 | (rsv1 ? 0x40 : 0) | opcode;
  if (length < 126) return Buffer.from([first, length]);
  if (length < 65536) {
    const h = Buffer.alloc(4);
    h[0] = first;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.alloc(10);
  h[0] = first;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}
