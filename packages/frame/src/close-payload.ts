import { toBytes, view } from "./bytes.js";
import { payloadError, protocolError } from "./frame-errors.js";
import { isValidCloseCode, STATUS_NORMAL, STATUS_STATUS_NOT_AVAILABLE } from "./status-codes.js";
import { validateUtf8 } from "./utf8-validator.js";

/** What a close frame said. */
export interface ClosePayload {
  /** The status code; 1005 (`STATUS_STATUS_NOT_AVAILABLE`) when the frame had none. */
  code: number;
  /** The reason, decoded from UTF-8; empty when there was none. */
  reason: string;
}

/** Options of {@link parseClosePayload}. */
export interface ParseClosePayloadOptions {
  /** Do not check that the reason is UTF-8 (Python's `skip_utf8_validation`); default false. */
  skipUtf8Validation?: boolean;
}

const decoder = new TextDecoder();

/**
 * Read the status code and reason of a received close frame's payload.
 *
 * RFC 6455 §5.5.1: "If there is a body, the first two bytes of the body MUST
 * be a 2-byte unsigned integer (in network byte order) representing a status
 * code with value /code/ defined in Section 7.4. Following the 2-byte integer,
 * the body MAY contain UTF-8-encoded data with value /reason/".
 *
 * @throws WebSocketProtocolException (closeCode 1002) for a 1-byte payload,
 *   a payload over 125 bytes or a status code not allowed on the wire.
 * @throws WebSocketPayloadException (closeCode 1007) for a reason that is not UTF-8.
 */
export function parseClosePayload(
  data: Uint8Array,
  opts: ParseClosePayloadOptions = {},
): ClosePayload {
  const n = data.length;
  // RFC 6455 §7.1.5: "If this Close control frame contains no status code,
  // _The WebSocket Connection Close Code_ is considered to be 1005."
  if (n === 0) return { code: STATUS_STATUS_NOT_AVAILABLE, reason: "" };
  if (n === 1) throw protocolError("close payload of 1 byte");
  if (n > 125) throw protocolError("close payload over 125 bytes");
  const code = (data[0]! << 8) | data[1]!;
  if (!isValidCloseCode(code)) {
    throw protocolError(`invalid close code ${code}`);
  }
  if (n === 2) return { code, reason: "" };
  const reasonBytes = view(data, 2, n - 2);
  if (!opts.skipUtf8Validation && !validateUtf8(reasonBytes)) {
    throw payloadError("close reason is not UTF-8");
  }
  return { code, reason: decoder.decode(reasonBytes) };
}

/**
 * Build a close frame's payload: the 2-byte status code, then the UTF-8 reason.
 *
 * `formatClosePayload(1005)` (no status code) with no reason gives an empty
 * payload, the way to send a close frame without a body.
 *
 * RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes
 * or less", so the reason may hold at most 123 bytes.
 *
 * @param code - the status code, default 1000 (`STATUS_NORMAL`).
 * @param reason - a string (UTF-8 encoded) or bytes (sent as they are).
 * @throws WebSocketProtocolException for a code that may not be sent or a
 *   reason over 123 bytes.
 */
export function formatClosePayload(
  code: number = STATUS_NORMAL,
  reason: string | Uint8Array = "",
): Uint8Array {
  const reasonBytes = toBytes(reason, "close reason");
  if (code === STATUS_STATUS_NOT_AVAILABLE && reasonBytes.length === 0) {
    return new Uint8Array(0);
  }
  if (!isValidCloseCode(code)) {
    throw protocolError(`close code ${code} may not be sent`, undefined);
  }
  if (reasonBytes.length > 123) {
    throw protocolError(`close reason of ${reasonBytes.length} bytes (max 123)`, undefined);
  }
  const out = new Uint8Array(2 + reasonBytes.length);
  out[0] = code >>> 8;
  out[1] = code & 0xff;
  out.set(reasonBytes, 2);
  return out;
}
