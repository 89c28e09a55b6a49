import { WebSocketPayloadException, WebSocketProtocolException } from "@wsclient/errors";
import { STATUS_INVALID_PAYLOAD, STATUS_PROTOCOL_ERROR } from "./status-codes.js";

/** A protocol violation that fails the connection with close code 1002. */
export function protocolError(message: string): WebSocketProtocolException {
  return new WebSocketProtocolException(message, { closeCode: STATUS_PROTOCOL_ERROR });
}

/** A refused payload: bad UTF-8 (1007) by default, or too big (1009). */
export function payloadError(
  message: string,
  closeCode: number = STATUS_INVALID_PAYLOAD,
): WebSocketPayloadException {
  return new WebSocketPayloadException(message, { closeCode });
}
