import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { ABNF, type Opcode } from "@wsclient/frame";
import { decodeText } from "./decode-text.js";
import { OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG, OPCODE_TEXT } from "./opcodes.js";
import { type QueueItem, SKIP } from "./receive-queue.js";

/** What a handler answers for an item: the caller's result, or SKIP to take the next one. */
type Handled<T> = T | typeof SKIP;

/** How each receive method turns a queued item into its result. */
export interface ReceiveHandlers {
  /** `recv()`: a string for text, a `Uint8Array` for binary; pings and pongs are skipped. */
  recv: (item: QueueItem) => Handled<string | Uint8Array>;
  /** `recvData()`: `[opcode, data]`, the peer's close frame once. */
  recvData: (item: QueueItem) => Handled<[Opcode, Uint8Array]>;
  /** `recvData(true)`: pings and pongs too. */
  recvDataControl: (item: QueueItem) => Handled<[Opcode, Uint8Array]>;
  /** `recvDataFrame()`: `[opcode, frame]`. */
  recvDataFrame: (item: QueueItem) => Handled<[Opcode, ABNF]>;
  /** `recvDataFrame(true)`: pings and pongs too. */
  recvDataFrameControl: (item: QueueItem) => Handled<[Opcode, ABNF]>;
  /** `recvFrame()`: every frame, control frames and the close frame included. */
  recvFrame: (item: QueueItem) => Handled<ABNF>;
  /** `recvStreaming()`: the next piece of a message, and whether it was the last. */
  recvPiece: (item: QueueItem) => Handled<StreamPiece>;
}

/** A piece of a message `recvStreaming` yields: text decoded on UTF-8 boundaries, or bytes. */
export interface StreamPiece {
  data: string | Uint8Array;
  fin: boolean;
}

/** The peer's close frame as the error `recv` throws after it. */
export function peerClosedError(code: number, reason: string): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException(
    `Connection closed by the peer (code ${code}${reason ? `, reason "${reason}"` : ""})`,
    { closeCode: code, closeReason: reason },
  );
}

/**
 * The receive methods' handlers for one connection (Python's `recv`,
 * `recv_data`, `recv_data_frame`, `recv_frame`): pure functions of a queue
 * item, made once per connection so a receive allocates no closure. Close
 * and error items throw (`recv`) or come back once as a close frame. The
 * only state is the streaming decoder of text fragments (`fireContFrame`):
 * a fragment may end inside a character.
 */
export function receiveHandlers(): ReceiveHandlers {
  let fragmentDecoder: TextDecoder | null = null;

  const recv = (item: QueueItem): Handled<string | Uint8Array> => {
    const event = item.event;
    if (event.type === "message") {
      return event.opcode === OPCODE_TEXT ? decodeText(event.data) : event.data;
    }
    if (event.type === "fragment") {
      if (event.messageOpcode !== OPCODE_TEXT) return event.data;
      fragmentDecoder ??= new TextDecoder("utf-8");
      return fragmentDecoder.decode(event.data, { stream: !event.fin });
    }
    frameOf(item, false, false); // throws for close and error
    return SKIP; // ping, pong
  };

  const dataOf = (item: QueueItem, controlFrame: boolean): Handled<[Opcode, Uint8Array]> => {
    const event = item.event;
    if (event.type === "message") return [event.opcode, event.data];
    const result = frameOf(item, controlFrame, true);
    return result === SKIP ? SKIP : [result[0], result[1].data];
  };

  /** Decodes a streamed message's text pieces: a piece may end inside a character. */
  let pieceDecoder: TextDecoder | null = null;
  const recvPiece = (item: QueueItem): Handled<StreamPiece> => {
    const event = item.event;
    if (event.type === "message") {
      return {
        data: event.opcode === OPCODE_TEXT ? decodeText(event.data) : event.data,
        fin: true,
      };
    }
    if (event.type === "fragment") {
      if (event.messageOpcode !== OPCODE_TEXT) return { data: event.data, fin: event.fin };
      pieceDecoder ??= new TextDecoder("utf-8");
      return { data: pieceDecoder.decode(event.data, { stream: !event.fin }), fin: event.fin };
    }
    frameOf(item, false, false); // throws for close and error
    return SKIP; // ping, pong
  };

  return {
    recv,
    recvPiece,
    recvData: (item) => dataOf(item, false),
    recvDataControl: (item) => dataOf(item, true),
    recvDataFrame: (item) => frameOf(item, false, true),
    recvDataFrameControl: (item) => frameOf(item, true, true),
    recvFrame: (item) => {
      const result = frameOf(item, true, true);
      return result === SKIP ? SKIP : result[1];
    },
  };
}

/** The item as `[opcode, frame]`, or SKIP (a control frame not asked for); throws for close (unless returned) and error. */
function frameOf(
  item: QueueItem,
  controlFrame: boolean,
  closeReturns: boolean,
): Handled<[Opcode, ABNF]> {
  const event = item.event;
  switch (event.type) {
    case "message":
      // An assembled message is one frame (fin=1) with the message's opcode;
      // frames as sent come with `fireContFrame`.
      return [event.opcode, new ABNF(1, 0, 0, 0, event.opcode, 0, event.data)];
    case "fragment":
      return [
        event.opcode,
        new ABNF(event.fin ? 1 : 0, event.rsv1 ? 1 : 0, 0, 0, event.opcode, 0, event.data),
      ];
    case "ping":
    case "pong": {
      if (!controlFrame) return SKIP;
      const op = event.type === "ping" ? OPCODE_PING : OPCODE_PONG;
      return [op, new ABNF(1, 0, 0, 0, op, 0, event.data)];
    }
    case "close":
      if (closeReturns) return [OPCODE_CLOSE, new ABNF(1, 0, 0, 0, OPCODE_CLOSE, 0, event.data)];
      throw peerClosedError(event.code, event.reason);
    case "error":
      throw event.error;
  }
}
