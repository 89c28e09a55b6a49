import { protocolError } from "./frame-errors.js";
import { isControlOpcode, isKnownOpcode } from "./opcodes.js";

/**
 * Check the header fields of one frame against RFC 6455 §5 (the payload of a
 * close frame is checked by `parseClosePayload`).
 *
 * @param rsvBits - RSV1-3 as the top nibble is laid out: 0x4 RSV1, 0x2 RSV2, 0x1 RSV3.
 * @param allowRsv1 - an extension (permessage-deflate) was negotiated that gives RSV1 a meaning.
 * @throws WebSocketProtocolException with closeCode 1002.
 */
export function checkFrameHeader(
  fin: boolean,
  rsvBits: number,
  opcode: number,
  length: number,
  allowRsv1: boolean,
): void {
  // §5.2: "RSV1, RSV2, RSV3: 1 bit each. MUST be 0 unless an extension is
  // negotiated that defines meanings for non-zero values. If a nonzero value
  // is received and none of the negotiated extensions defines the meaning of
  // such a nonzero value, the receiving endpoint MUST _Fail the WebSocket
  // Connection_."
  if (rsvBits !== 0) {
    if ((rsvBits & 0x3) !== 0) {
      throw protocolError(`${rsvBits & 0x2 ? "RSV2" : "RSV3"} set without an extension`);
    }
    if (!allowRsv1) {
      throw protocolError("RSV1 set without an extension");
    }
    // RFC 7692 §6: "An endpoint MUST NOT set the "Per-Message Compressed"
    // bit of control frames and non-first fragments of a data message."
    if (opcode === 0 || isControlOpcode(opcode)) {
      throw protocolError(`RSV1 set on a ${opcode === 0 ? "continuation" : "control"} frame`);
    }
  }
  // §5.2: "If an unknown opcode is received, the receiving endpoint MUST
  // _Fail the WebSocket Connection_."
  if (!isKnownOpcode(opcode)) {
    throw protocolError(`reserved opcode ${opcode}`);
  }
  if (isControlOpcode(opcode)) {
    // §5.5: "All control frames MUST have a payload length of 125 bytes or
    // less and MUST NOT be fragmented."
    if (!fin) throw protocolError(`fragmented control frame (opcode ${opcode})`);
    if (length > 125) {
      throw protocolError(`control frame (opcode ${opcode}) over 125 bytes`);
    }
  }
}
