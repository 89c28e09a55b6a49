import type { WebSocketException } from "@wsclient/errors";
import type { ABNF } from "@wsclient/frame";

/** A complete data message (fragments assembled). */
export interface MessageEvent {
  type: "message";
  /** 1 (text) or 2 (binary). */
  opcode: 1 | 2;
  /** The payload; owned by the receiver (never a view into a socket chunk). */
  data: Uint8Array;
  /** RSV1 of the first frame (an extension such as permessage-deflate claims it). */
  rsv1: boolean;
  /** True when text still needs UTF-8 validation (an extension must decode it first). */
  needsUtf8Check: boolean;
  /**
   * For a message that arrived in several frames: each frame's payload
   * length, in order (4 bytes per fragment, so `recvFrame` can hand out the
   * frames as they were sent without keeping thousands of small buffers).
   */
  fragments?: Uint32Array;
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

/** The protocol failed the connection (it has queued a close frame with `error.closeCode`). */
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
