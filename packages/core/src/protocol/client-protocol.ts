import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import {
  type ABNF,
  encodeFrame,
  FrameParser,
  formatClosePayload,
  parseClosePayload,
} from "@wsclient/frame";
import type { MessageEvent, ProtocolEvent } from "./events.js";

import { MessageBuffer } from "./message-buffer.js";
import { State } from "./state.js";
import { TextStreamCheck } from "./text-stream-check.js";

const OP_CONT = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** Default per-message size limit: 100 MiB, as `ws`. */
export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;
/** Default number of automatic pongs that may wait unsent before older ones are dropped. */
export const DEFAULT_MAX_PENDING_PONGS = 16;

/** Options of {@link ClientProtocol}. */
export interface ClientProtocolOptions {
  /** Bytes per message (and per frame); default 100 MiB; 0 = no limit. */
  maxPayload?: number;
  /** Skip UTF-8 validation of text messages. */
  skipUtf8Validation?: boolean;
  /** Emit every data frame as a `fragment` event instead of assembled messages. */
  fireContFrame?: boolean;
  /** Produces the masking key (`n` = 4 bytes). Default: CSPRNG. */
  getMaskKey?: (n: number) => Uint8Array;
  /**
   * Automatic pongs allowed to wait unsent (the driver has not taken them
   * because the socket is backed up). Beyond it the oldest pending pong is
   * dropped — RFC 6455 §5.5.3 allows answering only the most recent ping —
   * so a ping flood cannot grow memory. Default 16.
   */
  maxPendingPongs?: number;
  /** An extension negotiated RSV1 (permessage-deflate). */
  allowRsv1?: boolean;
  /** Initial state; default OPEN (the handshake is done by the driver). */
  state?: State;
  /**
   * Hold the close frame of a failure until {@link ClientProtocol.commitFailure}
   * (input stops at once either way). A driver uses it to let the caller act
   * on messages that arrived before the violation — e.g. echo them — before
   * the close goes out. Default false: the close is queued at once.
   */
  deferFailureClose?: boolean;
  /**
   * Hand out payloads of unfragmented messages and control frames as views
   * of the fed chunk, however small (see `FrameParserOptions.zeroCopy`).
   * Default false: small payloads are copied so they never pin a large
   * chunk. A driver that sets it accounts for the pinned chunks itself
   * (`event.data.buffer === chunk.buffer`), as `WebSocket`'s receive queue does.
   */
  zeroCopy?: boolean;
}

/**
 * The client side of RFC 6455 as a sans-I/O state machine: feed it bytes,
 * take events and bytes to write. No sockets, timers or clock.
 *
 * It owns the connection state, message assembly (control frames may
 * interleave), automatic pongs, fail-fast UTF-8 validation of text per
 * fragment, the close handshake, and failing the connection with the right
 * close code (1002, 1007, 1009).
 */
export class ClientProtocol {
  /** The connection state. */
  state: State;
  /** The peer's close code and reason once its close frame arrived. */
  closeRcvd: { code: number; reason: string } | null = null;
  /** The close code and reason we sent. */
  closeSent: { code: number; reason: string } | null = null;
  /** The error that failed the connection, if any. */
  failure: WebSocketException | null = null;

  readonly #parser: FrameParser;
  readonly #maxPayload: number;
  readonly #skipUtf8: boolean;
  readonly #fireCont: boolean;
  readonly #maxPendingPongs: number;
  readonly #allowRsv1: boolean;
  readonly #deferFailureClose: boolean;
  #pendingFailClose: { code: number; reason: string } | null = null;
  /** Undefined: `encodeFrame` draws a fresh CSPRNG key straight into the frame. */
  #getMaskKey: ((n: number) => Uint8Array) | undefined;

  #events: ProtocolEvent[] = [];
  #out: Uint8Array[] = [];
  #pendingPongs: Uint8Array[] = [];

  // Message being received.
  #recvOpcode: 0 | 1 | 2 = 0;
  #recvRsv1 = false;
  #recvSize = 0;
  #recvBuffer: MessageBuffer;
  readonly #textCheck: TextStreamCheck | null;
  #framesSeen = 0;
  #fragLengths: Uint32Array = new Uint32Array(16);
  #fragCount = 0;
  #validateText = false;

  // Message being sent (manual fragmentation).
  #sendFragmented = false;

  constructor(options: ClientProtocolOptions = {}) {
    this.state = options.state ?? State.OPEN;
    this.#maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#skipUtf8 = options.skipUtf8Validation ?? false;
    this.#fireCont = options.fireContFrame ?? false;
    this.#maxPendingPongs = Math.max(1, options.maxPendingPongs ?? DEFAULT_MAX_PENDING_PONGS);
    this.#allowRsv1 = options.allowRsv1 ?? false;
    this.#deferFailureClose = options.deferFailureClose ?? false;
    this.#getMaskKey = options.getMaskKey;
    this.#parser = new FrameParser({
      maxPayload: this.#maxPayload,
      allowRsv1: this.#allowRsv1,
      expectMasked: false,
      skipUtf8Validation: this.#skipUtf8,
      zeroCopy: options.zeroCopy === true,
    });
    this.#recvBuffer = new MessageBuffer(this.#maxPayload);
    this.#textCheck = this.#skipUtf8 ? null : new TextStreamCheck();
  }

  /** Replaces the masking-key source. */
  setMaskKey(fn: ((n: number) => Uint8Array) | undefined): void {
    this.#getMaskKey = fn;
  }

  /** True once both close frames have been exchanged (or the connection failed). */
  get closeExchanged(): boolean {
    return this.closeSent !== null && (this.closeRcvd !== null || this.failure !== null);
  }

  /** True when a fragmented message is being received. */
  get receivingMessage(): boolean {
    return this.#recvOpcode !== 0;
  }

  /** Bytes of the partial frame and partial message held. */
  get bufferedBytes(): number {
    return this.#parser.bufferedBytes + this.#recvBuffer.length;
  }

  // ---- receiving -------------------------------------------------------

  /** Feeds bytes received from the socket. Never throws for peer errors: see the `error` event. */
  feedData(chunk: Uint8Array): void {
    if (this.failure !== null || this.closeRcvd !== null || this.state === State.CLOSED) {
      // RFC 6455 §5.5.1: after the close frame, no more data is processed.
      return;
    }
    this.#textCheck?.push(chunk);
    // `feedAll` returns the frames this chunk completed before a violation
    // together with the error, so messages sent before it are still delivered.
    const { frames, error } = this.#parser.feedAll(chunk);
    for (const frame of frames) {
      if (this.failure !== null || this.closeRcvd !== null) return;
      try {
        this.#onFrame(frame);
      } catch (err) {
        this.#failWith(err);
        return;
      }
    }
    if (error !== null) {
      if (this.failure === null && this.closeRcvd === null) this.#failWith(error);
      return;
    }
    const check = this.#textCheck;
    if (check !== null && check.failedFrame > this.#framesSeen && this.closeRcvd === null) {
      // The invalid bytes are in a frame not complete yet: fail now, not when it ends.
      this.#failWith(invalidUtf8());
    }
  }

  /** The transport ended (the peer closed TCP or the socket failed). */
  feedEof(): void {
    if (this.state === State.CLOSED) return;
    const clean = this.closeRcvd !== null && this.closeSent !== null;
    this.state = State.CLOSED;
    this.#events.push({ type: "eof", clean });
  }

  /** Takes the events produced since the last call. */
  eventsReceived(): ProtocolEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** Takes the bytes to write (automatic pongs, close replies, failure closes). */
  dataToSend(): Uint8Array[] {
    const out = this.#out;
    this.#out = [];
    // Pongs queued before a close frame were pushed in order into #out at close time.
    if (this.#pendingPongs.length > 0) {
      out.unshift(...this.#pendingPongs);
      this.#pendingPongs = [];
    }
    return out;
  }

  /** True when bytes other than automatic pongs wait in {@link dataToSend} (a close frame). */
  get hasUrgentOutput(): boolean {
    return this.#out.length > 0;
  }

  /** Number of automatic pongs waiting in {@link dataToSend}. */
  get pendingPongs(): number {
    return this.#pendingPongs.length;
  }

  #onFrame(frame: ABNF): void {
    const seq = ++this.#framesSeen;
    const opcode = frame.opcode;
    if (opcode === OP_CLOSE) {
      this.#onClose(frame);
      return;
    }
    if (opcode === OP_PING) {
      // RFC 6455 §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a
      // Pong frame in response, unless it already received a Close frame."
      if (this.closeSent === null) this.#queuePong(frame.data);
      this.#events.push({ type: "ping", data: copyOf(frame.data) });
      return;
    }
    if (opcode === OP_PONG) {
      this.#events.push({ type: "pong", data: copyOf(frame.data) });
      return;
    }
    const fin = frame.fin === 1;
    const rsv1 = frame.rsv1 === 1;
    if (opcode === OP_CONT) {
      // RFC 6455 §5.4: fragments are "a single frame with the FIN bit clear and
      // an opcode other than 0, followed by zero or more frames with the FIN bit
      // clear and the opcode set to 0, and terminated by a single frame with the
      // FIN bit set and an opcode of 0."
      if (this.#recvOpcode === 0) {
        throw new WebSocketProtocolException("Continuation frame without a message to continue", {
          closeCode: 1002,
        });
      }
      if (rsv1) {
        // RFC 7692 §6: RSV1 is set only on the first frame of a message.
        throw new WebSocketProtocolException("RSV1 set on a continuation frame", {
          closeCode: 1002,
        });
      }
    } else {
      if (this.#recvOpcode !== 0) {
        throw new WebSocketProtocolException(
          "New data frame while a fragmented message is in progress",
          { closeCode: 1002 },
        );
      }
      this.#recvOpcode = opcode as 1 | 2;
      this.#recvRsv1 = rsv1;
      this.#recvSize = 0;
      this.#validateText = opcode === OP_TEXT && !this.#skipUtf8 && !rsv1;
    }
    const data = frame.data;
    this.#recvSize += data.length;
    if (this.#maxPayload > 0 && this.#recvSize > this.#maxPayload) {
      throw new WebSocketPayloadException(
        `Message too big: more than ${this.#maxPayload} bytes (maxPayload)`,
        { closeCode: 1009 },
      );
    }
    if (this.#validateText && this.#textCheck?.failedFrame === seq) {
      // Fail fast: RFC 6455 §8.1 "When an endpoint is to interpret a byte stream
      // as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8
      // stream, that endpoint MUST _Fail the WebSocket Connection_." The bytes
      // were checked as they arrived (TextStreamCheck).
      throw invalidUtf8();
    }
    const messageOpcode = this.#recvOpcode as 1 | 2;
    if (this.#fireCont) {
      this.#events.push({
        type: "fragment",
        opcode: opcode as 0 | 1 | 2,
        messageOpcode,
        data: copyOf(data),
        fin,
        rsv1,
      });
      if (fin) this.#recvOpcode = 0;
      return;
    }
    if (fin && opcode !== OP_CONT) {
      // Unfragmented: no assembly needed.
      this.#pushMessage(messageOpcode, copyOf(data), undefined);
      return;
    }
    if (opcode !== OP_CONT) this.#fragCount = 0;
    this.#recordFragment(data.length);
    this.#recvBuffer.append(data);
    if (fin) {
      const fragments = this.#fragLengths.slice(0, this.#fragCount);
      this.#fragCount = 0;
      if (this.#fragLengths.length > 1024) this.#fragLengths = new Uint32Array(16);
      this.#pushMessage(messageOpcode, this.#recvBuffer.take(), fragments);
    }
  }

  #recordFragment(length: number): void {
    if (this.#fragCount === this.#fragLengths.length) {
      const next = new Uint32Array(this.#fragLengths.length * 2);
      next.set(this.#fragLengths);
      this.#fragLengths = next;
    }
    this.#fragLengths[this.#fragCount++] = length;
  }

  #pushMessage(opcode: 1 | 2, data: Uint8Array, fragments: Uint32Array | undefined): void {
    const event: MessageEvent = {
      type: "message",
      opcode,
      data,
      rsv1: this.#recvRsv1,
      needsUtf8Check: opcode === OP_TEXT && !this.#skipUtf8 && this.#recvRsv1,
    };
    if (fragments !== undefined) event.fragments = fragments;
    this.#events.push(event);
    this.#recvOpcode = 0;
    this.#recvRsv1 = false;
    this.#recvSize = 0;
  }

  #queuePong(data: Uint8Array): void {
    const frame = encodeFrame(OP_PONG, data, { maskKey: this.#getMaskKey?.(4) });
    if (this.#pendingPongs.length >= this.#maxPendingPongs) this.#pendingPongs.shift();
    this.#pendingPongs.push(frame);
  }

  #onClose(frame: ABNF): void {
    const { code, reason } = parseClosePayload(frame.data);
    this.closeRcvd = { code, reason };
    this.#events.push({ type: "close", code, reason, data: copyOf(frame.data) });
    // RFC 6455 §5.5.1: "If an endpoint receives a Close frame and did not
    // previously send a Close frame, the endpoint MUST send a Close frame in
    // response. (When sending a Close frame in response, the endpoint
    // typically echos the status code it received.)"
    if (this.closeSent === null) {
      this.#writeClose(code === 1005 ? undefined : code, "");
    }
    this.state = State.CLOSING;
    this.#recvBuffer.reset();
    this.#recvOpcode = 0;
  }

  #failWith(err: unknown): void {
    const error =
      err instanceof WebSocketException
        ? err
        : new WebSocketProtocolException(`Protocol error: ${String(err)}`, {
            cause: err,
            closeCode: 1002,
          });
    this.fail(error.closeCode ?? 1002, "", error);
  }

  /**
   * Fails the connection (RFC 6455 §7.1.7): queues a close frame with `code`
   * unless one was sent, stops processing input, and emits an `error` event.
   */
  fail(code: number, reason = "", error?: WebSocketException): void {
    if (this.failure !== null || this.state === State.CLOSED) return;
    const failure =
      error ??
      new WebSocketProtocolException(reason || `Failed with code ${code}`, { closeCode: code });
    this.failure = failure;
    this.#recvBuffer.reset();
    this.#recvOpcode = 0;
    this.#events.push({ type: "error", error: failure });
    if (this.closeSent !== null) {
      this.state = State.CLOSING;
    } else if (this.#deferFailureClose) {
      this.#pendingFailClose = { code, reason };
    } else {
      this.#writeClose(code, reason);
      this.state = State.CLOSING;
    }
  }

  /** True when a failure's close frame is being held (see `deferFailureClose`). */
  get failurePending(): boolean {
    return this.#pendingFailClose !== null;
  }

  /** Queues the held close frame of a failure (see `deferFailureClose`). */
  commitFailure(): void {
    const pending = this.#pendingFailClose;
    if (pending === null) return;
    this.#pendingFailClose = null;
    if (this.closeSent === null && this.state !== State.CLOSED) {
      this.#writeClose(pending.code, pending.reason);
    }
    if (this.state === State.OPEN) this.state = State.CLOSING;
  }

  #writeClose(code: number | undefined, reason: string | Uint8Array): void {
    const payload = code === undefined ? new Uint8Array(0) : formatClosePayload(code, reason);
    // Pending pongs go out before the close frame.
    if (this.#pendingPongs.length > 0) {
      this.#out.push(...this.#pendingPongs);
      this.#pendingPongs = [];
    }
    this.#out.push(encodeFrame(OP_CLOSE, payload, { maskKey: this.#getMaskKey?.(4) }));
    this.closeSent = {
      code: code ?? 1005,
      reason: typeof reason === "string" ? reason : new TextDecoder().decode(reason),
    };
  }

  // ---- sending ---------------------------------------------------------

  /**
   * Encodes one data or control frame and returns its wire bytes (to be
   * written by the caller right away, in order). Throws a
   * `WebSocketConnectionClosedException`-like error when the state forbids it.
   */
  sendFrame(
    opcode: number,
    payload: Uint8Array,
    options: { fin?: boolean; rsv1?: boolean; maskKey?: Uint8Array } = {},
  ): Uint8Array {
    const fin = options.fin ?? true;
    if (opcode === OP_CLOSE) {
      throw new WebSocketException("Use sendClose() to send a close frame");
    }
    this.#checkCanSend(opcode);
    if (opcode === OP_CONT || opcode === OP_TEXT || opcode === OP_BINARY) {
      if (opcode === OP_CONT && !this.#sendFragmented) {
        throw new WebSocketProtocolException(
          "Cannot send a continuation frame: no fragmented message was started",
        );
      }
      if (opcode !== OP_CONT && this.#sendFragmented) {
        throw new WebSocketProtocolException(
          "Cannot start a new message before the fragmented one is finished (send OPCODE_CONT frames)",
        );
      }
      this.#sendFragmented = !fin;
    } else if (!fin) {
      throw new WebSocketProtocolException("Control frames must not be fragmented");
    } else if (payload.length > 125) {
      throw new WebSocketProtocolException(
        `Control frame payload too long: ${payload.length} bytes (at most 125)`,
      );
    }
    return encodeFrame(opcode, payload, {
      fin,
      rsv1: options.rsv1 ?? false,
      maskKey: options.maskKey ?? this.#getMaskKey?.(4),
    });
  }

  /** Encodes a text message. */
  sendText(data: Uint8Array, fin = true): Uint8Array {
    return this.sendFrame(OP_TEXT, data, { fin });
  }

  /** Encodes a binary message. */
  sendBinary(data: Uint8Array, fin = true): Uint8Array {
    return this.sendFrame(OP_BINARY, data, { fin });
  }

  /** Encodes a continuation frame. */
  sendContinuation(data: Uint8Array, fin: boolean): Uint8Array {
    return this.sendFrame(OP_CONT, data, { fin });
  }

  /** Encodes a ping. */
  sendPing(data: Uint8Array = new Uint8Array(0)): Uint8Array {
    return this.sendFrame(OP_PING, data);
  }

  /** Encodes a pong. */
  sendPong(data: Uint8Array = new Uint8Array(0)): Uint8Array {
    return this.sendFrame(OP_PONG, data);
  }

  /**
   * Starts (or answers) the close handshake: queues a close frame in
   * {@link dataToSend}. `code` undefined sends an empty close payload.
   * A no-op when a close frame was already sent.
   */
  sendClose(code?: number, reason: string | Uint8Array = ""): void {
    // A held failure close wins over the caller's code.
    this.commitFailure();
    if (this.closeSent !== null || this.state === State.CLOSED) return;
    this.#writeClose(code, reason);
    if (this.state === State.OPEN) this.state = State.CLOSING;
  }

  #checkCanSend(opcode: number): void {
    if (this.state === State.OPEN && this.closeSent === null) return;
    // RFC 6455 §5.5.1: "After sending a Close frame, the endpoint MUST NOT send
    // any further data frames."
    const what = opcode === OP_PING || opcode === OP_PONG ? "control" : "data";
    const close = this.closeRcvd;
    throw new WebSocketConnectionClosedException(
      `Cannot send a ${what} frame: the connection is ${stateName(this.state)}`,
      close ? { closeCode: close.code, closeReason: close.reason } : {},
    );
  }
}

function invalidUtf8(): WebSocketPayloadException {
  return new WebSocketPayloadException("Invalid UTF-8 in text message", { closeCode: 1007 });
}

function stateName(state: State): string {
  return ["connecting", "open", "closing", "closed"][state] ?? "closed";
}

/**
 * The payload as the protocol keeps it. `FrameParser` already never hands
 * out a view that pins more than twice its size of a socket chunk (small
 * payloads are copied into its own slab, large ones into their own buffer)
 * unless `zeroCopy` asked for views, and socket chunks are never reused, so
 * no second copy is made here.
 */
export function copyOf(data: Uint8Array): Uint8Array {
  return data;
}
