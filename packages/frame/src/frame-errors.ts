import {
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import { STATUS_INVALID_PAYLOAD, STATUS_PROTOCOL_ERROR } from "./status-codes.js";

// The only module that imports @wsclient/errors: bundlers keep one import
// statement per importing module.
export { WebSocketException };

/** A caller mistake (a bad argument), not a protocol violation: no close code. */
export function usageError(message: string): WebSocketException {
  return new WebSocketException(message);
}

/**
 * A protocol violation that fails the connection with close code 1002
 * (`closeCode` `undefined` for one a caller made, such as a close code that
 * may not be sent).
 */
export function protocolError(
  message: string,
  closeCode: number | undefined = STATUS_PROTOCOL_ERROR,
): WebSocketProtocolException {
  return new WebSocketProtocolException(message, { closeCode });
}

/** A refused payload: bad UTF-8 (1007) by default, or too big (1009). */
export function payloadError(
  message: string,
  closeCode: number = STATUS_INVALID_PAYLOAD,
): WebSocketPayloadException {
  return new WebSocketPayloadException(message, { closeCode });
}
