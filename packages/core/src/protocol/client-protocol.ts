import {
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import {
  type ABNF,
  encodeFrame,
  type FeedResult,
  FrameParser,
  formatClosePayload,
  parseClosePayload,
} from "@wsclient/frame";
import type { ProtocolEvent } from "./events.js";
import { MessageAssembler } from "./message-assembler.js";
import {
  type ClientProtocolOptions,
  DEFAULT_MAX_PAYLOAD,
  DEFAULT_MAX_PENDING_PONGS,
} from "./protocol-options.js";

export { type ClientProtocolOptions, DEFAULT_MAX_PAYLOAD, DEFAULT_MAX_PENDING_PONGS };

import { checkCanSend, checkFrameOrder } from "./send-rules.js";
import { State } from "./state.js";

const OP_CONT = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
const EMPTY = new Uint8Array(0);

/**
 * The client side of RFC 6455 as a sans-I/O state machine, in the manner of
 * python-websockets: bytes in ({@link receiveData}, {@link receiveEof}),
 * events out ({@link eventsReceived}), bytes out ({@link dataToSend}) —
 * every outgoing byte, the caller's frames included, leaves through
 * `dataToSend`. No sockets, timers or clock.
 *
 * It owns the connection state, message assembly (control frames may
 * interleave), automatic pongs, fail-fast UTF-8 validation of text (in the
 * frame parser's one pass), the close handshake, and the close codes of a
 * failure (1002, 1007, 1009). When it finds a violation it stops reading and
 * emits an `error` event; the driver then calls {@link fail} with the
 * error's `closeCode` — at once, or after handing out the messages that
 * arrived before the violation.
 */
export class ClientProtocol {
  #state: State;
  #closeRcvd: { code: number; reason: string } | null = null;
  #closeSent: { code: number; reason: string } | null = null;
  #failure: WebSocketException | null = null;

  readonly #parser: FrameParser;
  readonly #maxPayload: number;
  readonly #maxPendingPongs: number;
  #getMaskKey: ((n: number) => Uint8Array) | undefined;
  readonly #allocFrame: ((n: number) => Uint8Array) | undefined;

  #events: ProtocolEvent[] = [];
  #out: Uint8Array[] = [];
  /** The automatic pongs in {@link #out}, oldest first. */
  #pongs: Uint8Array[] = [];

  /** Data frames → messages. */
  readonly #assembler: MessageAssembler;
  // The message being sent (manual fragmentation).
  #sendFragmented = false;

  constructor(options: ClientProtocolOptions = {}) {
    this.#state = options.state ?? State.OPEN;
    this.#maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#maxPendingPongs = Math.max(1, options.maxPendingPongs ?? DEFAULT_MAX_PENDING_PONGS);
    this.#getMaskKey = options.getMaskKey;
    this.#allocFrame = options.allocFrame;
    // Each payload is copied once, by the parser, into a buffer of its own
    // (`ownPayloads`): the caller may reuse the chunk's memory as soon as
    // receiveData returns, and a kept message pins none of it.
    this.#parser = new FrameParser({
      maxPayload: this.#maxPayload,
      allowRsv1: options.allowRsv1 === true,
      expectMasked: false,
      skipUtf8Validation: options.skipUtf8Validation === true,
      validateText: options.skipUtf8Validation !== true,
      ownPayloads: true,
    });
    this.#assembler = new MessageAssembler(this.#maxPayload, options.fireContFrame === true);
  }

  /** The connection state. */
  get state(): State {
    return this.#state;
  }

  /** The peer's close code and reason, once its close frame arrived. */
  get closeRcvd(): { code: number; reason: string } | null {
    return this.#closeRcvd;
  }

  /** The close code and reason we sent (1005 for an empty close frame). */
  get closeSent(): { code: number; reason: string } | null {
    return this.#closeSent;
  }

  /** The error that failed the connection, if any. */
  get failure(): WebSocketException | null {
    return this.#failure;
  }

  /** Bytes of the partial frame and the partial message held (counted by the driver's backpressure). */
  get bufferedBytes(): number {
    return this.#parser.bufferedBytes + this.#assembler.length;
  }

  /** Replaces the masking-key source. */
  setMaskKey(fn: ((n: number) => Uint8Array) | undefined): void {
    this.#getMaskKey = fn;
  }

  // ---- bytes in --------------------------------------------------------

  /**
   * Feeds bytes received from the socket. Never throws for what the peer
   * sent: a violation is an `error` event. `chunk` is not kept: the caller
   * may reuse its memory once this returns.
   */
  receiveData(chunk: Uint8Array): void {
    // RFC 6455 §5.5.1: after the close frame, no more data is processed.
    if (this.#failure !== null || this.#closeRcvd !== null || this.#state === State.CLOSED) return;
    this.#frames(this.#parser.feedAll(chunk));
  }

  /** Handles the frames a chunk completed, then the violation, if any. */
  #frames({ frames, error }: FeedResult): void {
    // Frames completed before a violation come with it: the messages the
    // peer sent before it are still delivered.
    for (const frame of frames) {
      try {
        this.#onFrame(frame);
      } catch (err) {
        this.#violation(err);
        return;
      }
      if (this.#closeRcvd !== null) return;
    }
    if (error !== null) this.#violation(error);
  }

  /** The transport ended (the peer closed TCP, or the socket failed). */
  receiveEof(): void {
    if (this.#state === State.CLOSED) return;
    const clean = this.#closeRcvd !== null && this.#closeSent !== null;
    this.#state = State.CLOSED;
    this.#events.push({ type: "eof", clean });
  }

  /** Takes the events produced since the last call. */
  eventsReceived(): ProtocolEvent[] {
    const events = this.#events;
    if (events.length > 0) this.#events = [];
    return events;
  }

  // ---- bytes out -------------------------------------------------------

  /** Takes every byte to write, in order: the caller's frames, pongs, close frames. */
  dataToSend(): Uint8Array[] {
    const out = this.#out;
    if (out.length === 0) return out;
    this.#out = [];
    this.#pongs = [];
    return out;
  }

  /** True when {@link dataToSend} has bytes. */
  get hasDataToSend(): boolean {
    return this.#out.length > 0;
  }

  // ---- receiving -------------------------------------------------------

  #onFrame(frame: ABNF): void {
    const opcode = frame.opcode;
    if (opcode === OP_CLOSE) {
      this.#onClose(frame.data);
      return;
    }
    if (opcode === OP_PING) {
      const data = frame.data;
      // RFC 6455 §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send
      // a Pong frame in response, unless it already received a Close frame."
      if (this.#closeSent === null) this.#queuePong(data);
      this.#events.push({ type: "ping", data });
      return;
    }
    if (opcode === OP_PONG) {
      this.#events.push({ type: "pong", data: frame.data });
      return;
    }
    this.#assembler.frame(frame, this.#events);
  }

  #queuePong(data: Uint8Array): void {
    if (this.#pongs.length >= this.#maxPendingPongs) {
      const oldest = this.#pongs.shift()!;
      this.#out.splice(this.#out.indexOf(oldest), 1);
    }
    const pong = encodeFrame(OP_PONG, data, { maskKey: this.#getMaskKey?.(4) });
    this.#pongs.push(pong);
    this.#out.push(pong);
  }

  #onClose(data: Uint8Array): void {
    const { code, reason } = parseClosePayload(data);
    this.#closeRcvd = { code, reason };
    this.#events.push({ type: "close", code, reason, data });
    // RFC 6455 §5.5.1: "If an endpoint receives a Close frame and did not
    // previously send a Close frame, the endpoint MUST send a Close frame in
    // response. (When sending a Close frame in response, the endpoint
    // typically echos the status code it received.)"
    if (this.#closeSent === null) this.#writeClose(code === 1005 ? undefined : code, "");
    if (this.#state === State.OPEN) this.#state = State.CLOSING;
    this.#assembler.reset();
  }

  /**
   * Delivers the data message in progress, or else the next one, as
   * `fragment` events as its frames arrive instead of assembled (python-
   * websockets' `recv_streaming`); see {@link MessageAssembler.streamMessage}.
   */
  streamMessage(): void {
    this.#assembler.streamMessage(this.#events);
  }

  /** The peer broke the protocol: stop reading, report it; the driver calls {@link fail}. */
  #violation(err: unknown): void {
    const error = WebSocketException.isInstance(err)
      ? (err as WebSocketException)
      : new WebSocketProtocolException(`Protocol error: ${String(err)}`, {
          cause: err,
          closeCode: 1002,
        });
    this.#failure = error;
    this.#assembler.reset();
    this.#events.push({ type: "error", error });
  }

  /**
   * Fails the connection (RFC 6455 §7.1.7): stops reading, and queues a
   * close frame with `code` unless one was sent. The driver calls it after
   * an `error` event (with `error.closeCode`), or for a failure it found
   * itself (an extension that cannot decode a message: 1007).
   */
  fail(code: number, reason: string | Uint8Array = "", error?: WebSocketException): void {
    if (this.#state === State.CLOSED) return;
    // The close frame first: a code that cannot be sent throws before anything changed.
    if (this.#closeSent === null) this.#writeClose(code, reason);
    this.#failure ??=
      error ??
      (code === 1007 || code === 1009
        ? new WebSocketPayloadException(`Failed the connection with code ${code}`, {
            closeCode: code,
          })
        : new WebSocketProtocolException(`Failed the connection with code ${code}`, {
            closeCode: code,
          }));
    this.#assembler.reset();
    if (this.#state === State.OPEN) this.#state = State.CLOSING;
  }

  #writeClose(code: number | undefined, reason: string | Uint8Array): void {
    const payload = code === undefined ? EMPTY : formatClosePayload(code, reason);
    this.#out.push(encodeFrame(OP_CLOSE, payload, { maskKey: this.#getMaskKey?.(4) }));
    this.#pongs = []; // the pongs before it are no longer dropped: they precede the close
    this.#closeSent = {
      code: code ?? 1005,
      reason: typeof reason === "string" ? reason : new TextDecoder().decode(reason),
    };
  }

  // ---- sending ---------------------------------------------------------

  /**
   * Queues one data or control frame in {@link dataToSend}. Throws a
   * `WebSocketConnectionClosedException` when the state forbids it, and a
   * `WebSocketProtocolException` for a frame RFC 6455 forbids (a control
   * frame over 125 bytes or fragmented, a continuation without a message).
   */
  sendFrame(
    opcode: number,
    payload: Uint8Array,
    options: { fin?: boolean; rsv1?: boolean } = {},
  ): void {
    const fin = options.fin ?? true;
    if (opcode === OP_CLOSE) throw new WebSocketException("Use sendClose() to send a close frame");
    checkCanSend(opcode, this.#state, this.#closeSent !== null, this.#closeRcvd);
    checkFrameOrder(opcode, fin, payload.length, this.#sendFragmented);
    const bytes = encodeFrame(opcode, payload, {
      fin,
      rsv1: options.rsv1 ?? false,
      maskKey: this.#getMaskKey?.(4),
      alloc: this.#allocFrame,
    });
    if (opcode <= OP_BINARY) this.#sendFragmented = !fin;
    this.#out.push(bytes);
  }

  /** Queues a text frame (`fin` false starts a fragmented message). */
  sendText(data: Uint8Array, fin = true): void {
    this.sendFrame(OP_TEXT, data, { fin });
  }

  /** Queues a binary frame. */
  sendBinary(data: Uint8Array, fin = true): void {
    this.sendFrame(OP_BINARY, data, { fin });
  }

  /** Queues a continuation frame. */
  sendContinuation(data: Uint8Array, fin: boolean): void {
    this.sendFrame(OP_CONT, data, { fin });
  }

  /** Queues a ping. */
  sendPing(data: Uint8Array = EMPTY): void {
    this.sendFrame(OP_PING, data);
  }

  /** Queues a pong. */
  sendPong(data: Uint8Array = EMPTY): void {
    this.sendFrame(OP_PONG, data);
  }

  /**
   * Starts (or answers) the close handshake: queues a close frame.
   * `code` undefined sends an empty close payload. A no-op once a close
   * frame was sent or the connection failed.
   */
  sendClose(code?: number, reason: string | Uint8Array = ""): void {
    if (this.#closeSent !== null || this.#state === State.CLOSED) return;
    if (this.#failure !== null) {
      this.fail(this.#failure.closeCode ?? 1002);
      return;
    }
    this.#writeClose(code, reason);
    if (this.#state === State.OPEN) this.#state = State.CLOSING;
  }
}
