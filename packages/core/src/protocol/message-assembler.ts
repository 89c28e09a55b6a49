import { WebSocketPayloadException, WebSocketProtocolException } from "@wsclient/errors";
import type { ABNF } from "@wsclient/frame";
import type { ProtocolEvent } from "./events.js";
import { MessageBuffer } from "./message-buffer.js";

const OP_CONT = 0x0;

/**
 * Data frames → messages: the one place fragments are assembled (RFC 6455
 * §5.4), the message size limit, and the two ways of not assembling —
 * every message (`fireContFrame`) or one message on request
 * ({@link streamMessage}, python-websockets' `recv_streaming`) — except a
 * compressed message (RSV1), which its extension decodes whole.
 */
export class MessageAssembler {
  readonly #maxPayload: number;
  readonly #fireCont: boolean;
  readonly #buffer: MessageBuffer;
  /** The opcode of the message being received (0: none). */
  #opcode: 0 | 1 | 2 = 0;
  #rsv1 = false;
  #size = 0;
  /** The current or next message goes out as fragments. */
  #streaming = false;

  constructor(maxPayload: number, fireContFrame: boolean) {
    this.#maxPayload = maxPayload;
    this.#fireCont = fireContFrame;
    this.#buffer = new MessageBuffer(maxPayload);
  }

  /** Bytes of the partial message held. */
  get length(): number {
    return this.#buffer.length;
  }

  /**
   * One data frame (opcode 0-2; its payload a buffer of its own).
   * Pushes a `message` or `fragment` event when one is due; throws the
   * violation (1002 order, 1009 size).
   */
  frame(frame: ABNF, events: ProtocolEvent[]): void {
    const opcode = frame.opcode;
    const fin = frame.fin === 1;
    const rsv1 = frame.rsv1 === 1;
    if (opcode === OP_CONT) {
      // RFC 6455 §5.4: fragments are "a single frame with the FIN bit clear
      // and an opcode other than 0, followed by zero or more frames with the
      // FIN bit clear and the opcode set to 0, and terminated by a single
      // frame with the FIN bit set and an opcode of 0."
      if (this.#opcode === 0) {
        throw new WebSocketProtocolException("Continuation frame without a message to continue", {
          closeCode: 1002,
        });
      }
    } else {
      if (this.#opcode !== 0) {
        throw new WebSocketProtocolException(
          "New data frame while a fragmented message is in progress",
          { closeCode: 1002 },
        );
      }
      this.#opcode = opcode as 1 | 2;
      this.#rsv1 = rsv1;
      this.#size = 0;
    }
    const data = frame.data;
    // A compressed message is decoded whole, so it is assembled even when
    // streaming or with fireContFrame.
    const streamed = (this.#fireCont || this.#streaming) && !this.#rsv1;
    this.#size += data.length;
    // maxPayload bounds what is held: a whole message, or a streamed message's
    // fragments (each checked by the frame parser), not the streamed total.
    if (this.#maxPayload > 0 && this.#size > this.#maxPayload && !(this.#streaming && streamed)) {
      throw new WebSocketPayloadException(
        `Message too big: more than ${this.#maxPayload} bytes (maxPayload)`,
        { closeCode: 1009 },
      );
    }
    const messageOpcode = this.#opcode;
    if (fin) this.#opcode = 0;
    if (streamed) {
      if (fin) this.#streaming = false;
      const type = "fragment";
      events.push({
        type,
        opcode: opcode as 0 | 1 | 2,
        messageOpcode,
        data,
        fin,
        rsv1,
      });
      return;
    }
    if (fin && opcode !== OP_CONT) {
      // Unfragmented: its own copy is the message.
      events.push({ type: "message", opcode: messageOpcode, data, rsv1 });
      return;
    }
    this.#buffer.append(data);
    if (fin) {
      events.push({
        type: "message",
        opcode: messageOpcode,
        data: this.#buffer.take(),
        rsv1: this.#rsv1,
      });
    }
  }

  /**
   * Delivers the data message in progress, or else the next one, as
   * `fragment` events as its frames arrive; the bytes already assembled come
   * first, as one fragment. For that one message only, and not for a
   * compressed one (decoded whole).
   */
  streamMessage(events: ProtocolEvent[]): void {
    if (this.#fireCont || this.#streaming) return;
    this.#streaming = true;
    if (this.#opcode !== 0 && !this.#rsv1) {
      const opcode = this.#opcode;
      const data = this.#buffer.take();
      events.push({
        type: "fragment",
        opcode,
        messageOpcode: opcode,
        data,
        fin: false,
        rsv1: false,
      });
    }
  }

  /** Drops the message in progress (a close frame or a failure ended it). */
  reset(): void {
    this.#buffer.reset();
    this.#opcode = 0;
  }
}
