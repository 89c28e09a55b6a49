import { ABNF, type Opcode } from "@wsclient/frame";
import { type Connection, peerClosedError } from "./connection.js";
import { decodeText } from "./decode-text.js";
import { OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG, OPCODE_TEXT } from "./opcodes.js";
import { type QueueItem, SKIP } from "./receive-queue.js";

/** What a handler answers for an item: the caller's result, or SKIP to take the next one. */
type Handled<T> = T | typeof SKIP;

/**
 * How each receive method turns a queued item into its result (Python's
 * `recv`, `recv_data`, `recv_data_frame`, `recv_frame`). The handlers are
 * made once per connection, so a receive allocates no closure. Close and
 * error items throw (`recv`) or are returned once as a close frame.
 */
export class ReceiveHandlers {
  readonly #conn: Connection;
  /** Decodes text fragments (`fireContFrame`) as a stream: a fragment may split a character. */
  #textDecoder: TextDecoder | null = null;

  constructor(conn: Connection) {
    this.#conn = conn;
  }

  /** `recv()`: a string for text, a `Uint8Array` for binary; pings and pongs are skipped. */
  readonly recv = (item: QueueItem): Handled<string | Uint8Array> => {
    const event = item.event;
    if (event.type === "message") {
      const data = item.cursor ? event.data.subarray(item.cursor.offset) : event.data;
      return event.opcode === OPCODE_TEXT ? decodeText(data) : data;
    }
    if (event.type === "fragment") {
      if (event.messageOpcode !== OPCODE_TEXT) return event.data;
      this.#textDecoder ??= new TextDecoder("utf-8");
      return this.#textDecoder.decode(event.data, { stream: !event.fin });
    }
    this.#frameOf(item, false, false); // throws for close and error
    return SKIP; // ping, pong
  };

  /** `recvData()`: `[opcode, data]`, the peer's close frame once. */
  readonly recvData = (item: QueueItem): Handled<[Opcode, Uint8Array]> => this.#dataOf(item, false);

  /** `recvData(true)`: pings and pongs too. */
  readonly recvDataControl = (item: QueueItem): Handled<[Opcode, Uint8Array]> =>
    this.#dataOf(item, true);

  /** `recvDataFrame()`: `[opcode, frame]`. */
  readonly recvDataFrame = (item: QueueItem): Handled<[Opcode, ABNF]> =>
    this.#frameOf(item, false, true);

  /** `recvDataFrame(true)`: pings and pongs too. */
  readonly recvDataFrameControl = (item: QueueItem): Handled<[Opcode, ABNF]> =>
    this.#frameOf(item, true, true);

  /** `recvFrame()`: every frame, a fragmented message's frames one by one as the peer sent them. */
  readonly recvFrame = (item: QueueItem): Handled<ABNF> => {
    const event = item.event;
    if (event.type === "message" && event.fragments !== undefined) {
      const fragments = event.fragments;
      const cursor = item.cursor ?? { index: 0, offset: 0 };
      const i = cursor.index;
      const len = fragments[i]!;
      const data = event.data.subarray(cursor.offset, cursor.offset + len);
      const last = i === fragments.length - 1;
      cursor.index = i + 1;
      cursor.offset += len;
      item.cursor = cursor;
      item.keep = !last;
      return new ABNF(
        last ? 1 : 0,
        i === 0 && event.rsv1 ? 1 : 0,
        0,
        0,
        i === 0 ? event.opcode : 0,
        0,
        data,
      );
    }
    const result = this.#frameOf(item, true, true);
    return result === SKIP ? SKIP : result[1];
  };

  #dataOf(item: QueueItem, controlFrame: boolean): Handled<[Opcode, Uint8Array]> {
    const event = item.event;
    if (event.type === "message") {
      const data = item.cursor ? event.data.subarray(item.cursor.offset) : event.data;
      return [event.opcode, data];
    }
    const result = this.#frameOf(item, controlFrame, true);
    return result === SKIP ? SKIP : [result[0], result[1].data];
  }

  /** The item as `[opcode, frame]`, or SKIP (a control frame not asked for); throws for close (unless returned) and error. */
  #frameOf(item: QueueItem, controlFrame: boolean, closeReturns: boolean): Handled<[Opcode, ABNF]> {
    const event = item.event;
    switch (event.type) {
      case "message": {
        // After recvFrame took some of the fragments: the rest of the message.
        const data = item.cursor ? event.data.subarray(item.cursor.offset) : event.data;
        return [event.opcode, new ABNF(1, 0, 0, 0, event.opcode, 0, data)];
      }
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
        this.#conn.closer.commitFailure();
        throw event.error;
    }
  }
}
