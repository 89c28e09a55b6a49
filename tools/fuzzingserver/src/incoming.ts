import { isUtf8 } from "node:buffer";
import {
  CLOSE_INVALID_PAYLOAD,
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_PROTOCOL_ERROR,
  isValidCloseCode,
} from "./close-codes";
import type { PerMessageDeflate } from "./deflate";
import type { InFrame } from "./frame-codec";

/** What one client frame amounts to, once checked against RFC 6455. */
export type Incoming =
  | { kind: "violation"; code: number; reason: string }
  | { kind: "close"; code: number | null; reason: string | null }
  | { kind: "ping" | "pong"; payload: Buffer }
  | { kind: "message"; payload: Buffer; binary: boolean }
  | { kind: "fragment" };

const violation = (code: number, reason: string): Incoming => ({ kind: "violation", code, reason });

/**
 * The server's reading of client frames: the frame rules, message assembly,
 * inflating (permessage-deflate) and UTF-8 checks. `deflate()` gives the
 * negotiated extension, if any (it is set after the handshake).
 */
export class IncomingFrames {
  private msgOpcode = 0;
  private msgParts: Buffer[] = [];
  private msgLength = 0;
  private msgCompressed = false;

  constructor(
    private readonly maxMessage: number,
    private readonly deflate: () => PerMessageDeflate | null,
  ) {}

  frame(f: InFrame): Incoming {
    // "The server MUST close the connection upon receiving a frame that is not masked." (§5.1)
    if (!f.masked) return violation(CLOSE_PROTOCOL_ERROR, "unmasked client frame");
    // "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values" (§5.2)
    const compressed = f.rsv === 4 && this.deflate() !== null && (f.opcode === 1 || f.opcode === 2);
    if (f.rsv !== 0 && !compressed) return violation(CLOSE_PROTOCOL_ERROR, `RSV = ${f.rsv}`);
    if ((f.opcode > 2 && f.opcode < 8) || f.opcode > 10) {
      return violation(CLOSE_PROTOCOL_ERROR, `reserved opcode ${f.opcode}`);
    }
    if (f.opcode >= 8) {
      // "All control frames MUST have a payload length of 125 bytes or less
      // and MUST NOT be fragmented." (§5.5)
      if (!f.fin) return violation(CLOSE_PROTOCOL_ERROR, "fragmented control frame");
      if (f.payload.length > 125) {
        return violation(CLOSE_PROTOCOL_ERROR, "control frame payload > 125 octets");
      }
      if (f.opcode === 8) return closeFrame(f.payload);
      return { kind: f.opcode === 9 ? "ping" : "pong", payload: f.payload };
    }
    if (f.opcode === 0 && this.msgOpcode === 0) {
      return violation(CLOSE_PROTOCOL_ERROR, "continuation with nothing to continue");
    }
    if (f.opcode !== 0 && this.msgOpcode !== 0) {
      return violation(CLOSE_PROTOCOL_ERROR, "data frame inside a fragmented message");
    }
    if (f.opcode !== 0) {
      this.msgOpcode = f.opcode;
      this.msgCompressed = compressed;
    }
    this.msgLength += f.payload.length;
    if (this.msgLength > this.maxMessage)
      return violation(CLOSE_MESSAGE_TOO_BIG, "message too big");
    this.msgParts.push(f.payload);
    if (!f.fin) return { kind: "fragment" };
    return this.message();
  }

  /** The message whose last frame just arrived, inflated and checked. */
  private message(): Incoming {
    let payload =
      this.msgParts.length === 1 ? this.msgParts[0]! : Buffer.concat(this.msgParts, this.msgLength);
    const binary = this.msgOpcode === 2;
    const compressedMessage = this.msgCompressed;
    this.msgOpcode = 0;
    this.msgParts = [];
    this.msgLength = 0;
    this.msgCompressed = false;
    const deflate = this.deflate();
    if (compressedMessage && deflate) {
      try {
        payload = deflate.decompress(payload);
      } catch (err) {
        return violation(
          CLOSE_INVALID_PAYLOAD,
          `cannot inflate message: ${(err as Error).message}`,
        );
      }
    }
    // "When an endpoint is to interpret a byte stream as UTF-8 but finds that
    // the byte stream is not, in fact, a valid UTF-8 stream, that endpoint
    // MUST _Fail the WebSocket Connection_." (§8.1)
    if (!binary && !isUtf8(payload)) {
      return violation(CLOSE_INVALID_PAYLOAD, "invalid UTF-8 in text message");
    }
    return { kind: "message", payload, binary };
  }
}

/** A close frame's payload, checked (§5.5.1, §7.4). */
function closeFrame(payload: Buffer): Incoming {
  // "If there is a body, the first two bytes of the body MUST be a 2-byte
  // unsigned integer [...] representing a status code" (§5.5.1)
  if (payload.length === 1) {
    return violation(CLOSE_PROTOCOL_ERROR, "close frame with a 1-octet payload");
  }
  if (payload.length < 2) return { kind: "close", code: null, reason: null };
  const code = payload.readUInt16BE(0);
  if (!isValidCloseCode(code)) return violation(CLOSE_PROTOCOL_ERROR, `invalid close code ${code}`);
  const reason = payload.subarray(2);
  if (!isUtf8(reason)) return violation(CLOSE_INVALID_PAYLOAD, "close reason is not UTF-8");
  return { kind: "close", code, reason: reason.length > 0 ? reason.toString("utf8") : null };
}
