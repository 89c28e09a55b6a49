import type { WebSocketException } from "@wsclient/errors";
import type { ABNF } from "@wsclient/frame";

/** A complete data message (fragments assembled). */
export interface MessageEvent {
  type: "message";
  /** 1 (text) or 2 (binary). */
  opcode: 1 | 2;
  /** The payload, in a buffer of its own (never a view of a socket chunk). */
  data: Uint8Array;
  /**
   * RSV1 of the first frame: the payload is encoded by the extension that
   * claims RSV1 (permessage-deflate) and, for text, not yet UTF-8 validated.
   */
  rsv1: boolean;
}

/** One data frame delivered as it arrives (`fireContFrame`). */
export interface FragmentEvent {
  type: "fragment";
  /** The frame's own opcode: 1 or 2 for the first fragment, 0 for the rest. */
  opcode: 0 | 1 | 2;
  /** The opcode of the message the fragment belongs to. */
  messageOpcode: 1 | 2;
  data: Uint8Array;
  fin: boolean;
  rsv1: boolean;
}

/** A ping (already answered by the protocol) or a pong. */
export interface ControlEvent {
  type: "ping" | "pong";
  data: Uint8Array;
}

/** The peer's close frame. */
export interface CloseEvent {
  type: "close";
  /** The peer's code; 1005 when its close frame had no payload. */
  code: number;
  reason: string;
  /** The close frame's raw payload. */
  data: Uint8Array;
}

/**
 * The peer broke the protocol: reading has stopped. The driver fails the
 * connection with `protocol.fail(error.closeCode)`, at once or after handing
 * out the messages received before it.
 */
export interface ErrorEvent {
  type: "error";
  error: WebSocketException;
}

/** The transport ended. `clean` when the close handshake had completed first. */
export interface EofEvent {
  type: "eof";
  clean: boolean;
}

/** What {@link ClientProtocol.eventsReceived} hands out. */
export type ProtocolEvent =
  | MessageEvent
  | FragmentEvent
  | ControlEvent
  | CloseEvent
  | ErrorEvent
  | EofEvent;

/** The frame a data or control event stands for, as Python's `recv_data_frame` returns it. */
export type FrameLike = Pick<ABNF, "fin" | "opcode" | "data">;
