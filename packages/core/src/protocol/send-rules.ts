import { WebSocketConnectionClosedException, WebSocketProtocolException } from "@wsclient/errors";
import { State } from "./state.js";

const OP_CONT = 0x0;
const OP_BINARY = 0x2;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/**
 * RFC 6455 §5.5.1: "After sending a Close frame, the endpoint MUST NOT send
 * any further data frames." Nor anything once the connection is not open.
 */
export function checkCanSend(
  opcode: number,
  state: State,
  closeSent: boolean,
  closeRcvd: { code: number; reason: string } | null,
): void {
  if (state === State.OPEN && !closeSent) return;
  const what = opcode === OP_PING || opcode === OP_PONG ? "control" : "data";
  const name = ["connecting", "open", "closing", "closed"][state] ?? "closed";
  throw new WebSocketConnectionClosedException(
    `Cannot send a ${what} frame: the connection is ${name}`,
    closeRcvd ? { closeCode: closeRcvd.code, closeReason: closeRcvd.reason } : {},
  );
}

/**
 * RFC 6455 §5.4 and §5.5: a continuation only inside a fragmented message, no
 * new message inside one, control frames whole and at most 125 bytes.
 */
export function checkFrameOrder(
  opcode: number,
  fin: boolean,
  length: number,
  fragmenting: boolean,
): void {
  if (opcode <= OP_BINARY) {
    if (opcode === OP_CONT && !fragmenting) {
      throw new WebSocketProtocolException(
        "Cannot send a continuation frame: no fragmented message was started",
      );
    }
    if (opcode !== OP_CONT && fragmenting) {
      throw new WebSocketProtocolException(
        "Cannot start a new message before the fragmented one is finished (send OPCODE_CONT frames)",
      );
    }
  } else if (!fin) {
    throw new WebSocketProtocolException("Control frames must not be fragmented");
  } else if (length > 125) {
    throw new WebSocketProtocolException(
      `Control frame payload too long: ${length} bytes (at most 125)`,
    );
  }
}
