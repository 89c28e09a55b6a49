import type { Socket } from "node:net";
import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { ABNF, type Opcode, validateUtf8 } from "@wsclient/frame";
import type { Extension } from "./extension.js";
import { type OpenedConnection, openHandshake } from "./open-handshake.js";
import type { ConnectOptions, WebSocketOptions } from "./options.js";
import { ClientProtocol, DEFAULT_MAX_PAYLOAD } from "./protocol/client-protocol.js";

import type { ProtocolEvent } from "./protocol/events.js";
import { State } from "./protocol/state.js";
import { type QueueItem, ReceiveQueue, SKIP } from "./receive-queue.js";
import { describeFrame, type TraceHandler, traceHandler } from "./trace.js";
import { waitFor } from "./wait.js";

/** Default bytes of received, untaken messages before the socket is paused. */
export const DEFAULT_READ_HIGH_WATER_MARK = 4 * 1024 * 1024;
/** Default bytes the socket may hold before `send` waits for 'drain'. */
export const DEFAULT_WRITE_HIGH_WATER_MARK = 1024 * 1024;
/** Default `close()` wait for the peer's close frame, ms (Python: 3 s). */
export const DEFAULT_CLOSE_TIMEOUT = 3000;
/**
 * After a protocol violation with earlier messages still queued, the longest
 * the failure's close frame waits for the caller to take them, ms.
 */
export const DEFAULT_FAILURE_DELAY = 1000;

const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

const encoder = new TextEncoder();
const RESOLVED: Promise<void> = Promise.resolve();
/**
 * Bytes a queued item counts for beyond its payload (the objects that hold
 * it), so a flood of empty messages or pings still reaches the high-water mark.
 */
const ITEM_OVERHEAD = 128;
const EMPTY = new Uint8Array(0);

/** Options of a single receive call. */
export interface RecvOptions {
  /** Cancels this wait (the connection stays usable). */
  signal?: AbortSignal;
  /** Overrides the connection's read timeout for this call (ms, `null` = none). */
  timeout?: number | null;
}

/** Options of {@link WebSocket.close}. */
export interface CloseOptions {
  /** The close code, default 1000. */
  status?: number;
  /** The close reason (≤ 123 bytes UTF-8). */
  reason?: string | Uint8Array;
  /** How long to wait for the peer's close frame, ms (default 3000; `null` = forever). */
  timeout?: number | null;
}

/**
 * A pull-style WebSocket client (Python: `websocket.WebSocket`).
 *
 * ```ts
 * const ws = new WebSocket();
 * await ws.connect("ws://127.0.0.1:8080/");
 * await ws.send("Hello");
 * console.log(await ws.recv());
 * await ws.close();
 * ```
 *
 * Receiving is pull-only: nothing is read from the socket beyond
 * `readHighWaterMark` bytes of messages nobody has taken yet.
 */
export class WebSocket implements AsyncIterable<string | Uint8Array>, AsyncDisposable {
  readonly #options: WebSocketOptions;
  #getMaskKey: ((n: number) => Uint8Array) | undefined;
  #timeout: number | null = null;

  #socket: Socket | null = null;
  #protocol: ClientProtocol | null = null;
  #queue: ReceiveQueue = new ReceiveQueue();
  #opened: OpenedConnection | null = null;
  #extensions: Extension[] = [];
  #rsv1Extension: Extension | null = null;
  #trace: TraceHandler | null = null;

  #paused = false;
  #closingLocally = false;
  #socketClosed = false;
  #closeWaiters: Array<() => void> = [];
  #writeChain: Promise<unknown> = Promise.resolve();
  #writesQueued = 0;
  #decodeChain: Promise<unknown> = Promise.resolve();
  #endTimer: ReturnType<typeof setTimeout> | undefined;
  #failTimer: ReturnType<typeof setTimeout> | undefined;
  #textDecoder: TextDecoder | null = null;

  constructor(options: WebSocketOptions = {}) {
    this.#options = { ...options };
    this.#getMaskKey = options.getMaskKey;
  }

  // ---- connecting --------------------------------------------------------

  /**
   * Connects and performs the opening handshake (Python: `connect`).
   * `options.timeout` (ms) bounds the connect and the handshake and becomes
   * the read timeout, as in Python.
   */
  async connect(url: string, options: ConnectOptions = {}): Promise<void> {
    if (this.#socket !== null && !this.#socketClosed) {
      throw new WebSocketException("The WebSocket is already connected");
    }
    if (options.timeout !== undefined) this.#timeout = options.timeout;
    const timeout = options.timeout === undefined ? this.#timeout : options.timeout;
    const opts = this.#options;
    this.#trace = traceHandler(opts.trace);
    const opened = await openHandshake(url, {
      ...options,
      timeout: timeout ?? undefined,
      sslopt: options.sslopt ?? opts.sslopt,
      sockopt: options.sockopt ?? opts.sockopt,
      extensionObjects: opts.extensions,
      trace: this.#trace,
    });
    this.#attach(opened);
  }

  #attach(opened: OpenedConnection): void {
    const opts = this.#options;
    this.#opened = opened;
    this.#extensions = opened.extensions;
    this.#rsv1Extension = opened.extensions.find((e) => e.usesRsv1) ?? null;
    const maxPayload = opts.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    const protocol = new ClientProtocol({
      maxPayload,
      skipUtf8Validation: opts.skipUtf8Validation,
      fireContFrame: opts.fireContFrame,
      maxPendingPongs: opts.maxPendingPongs,
      allowRsv1: this.#rsv1Extension !== null,
      deferFailureClose: true,
      getMaskKey: this.#getMaskKey === undefined ? undefined : (n) => this.#maskKey(n),
    });
    this.#protocol = protocol;
    this.#queue = new ReceiveQueue();
    this.#queue.onDrain = () => this.#maybeResume();
    this.#paused = false;
    this.#closingLocally = false;
    this.#socketClosed = false;
    this.#writeChain = Promise.resolve();
    this.#writesQueued = 0;
    this.#decodeChain = Promise.resolve();
    this.#textDecoder = null;
    this.#socketError = null;
    this.#closeWaiters = [];
    const socket = opened.connection.socket as Socket;
    this.#socket = socket;
    // Events of a previous connection's socket must not touch this one.
    const mine = () => this.#socket === socket;
    socket.on("data", (chunk: Buffer) => mine() && this.#onData(chunk));
    socket.on("end", () => mine() && this.#onEof());
    socket.on("error", (err) => mine() && this.#onSocketError(err));
    socket.on("close", () => mine() && this.#onSocketClose());
    socket.on("drain", () => mine() && this.#flush());
    if (opened.rest.length > 0) this.#onData(opened.rest);
    if (!this.#paused) socket.resume();
  }

  #maskKey(n: number): Uint8Array {
    const key = this.#getMaskKey!(n) as Uint8Array | string;
    return typeof key === "string" ? encoder.encode(key) : key;
  }

  // ---- the read side -----------------------------------------------------

  #onData(chunk: Uint8Array): void {
    const protocol = this.#protocol;
    if (protocol === null) return;
    protocol.feedData(chunk);
    this.#processEvents();
    this.#flush();
  }

  #onEof(): void {
    const protocol = this.#protocol;
    if (protocol === null) return;
    protocol.feedEof();
    this.#processEvents();
  }

  #onSocketError(err: Error): void {
    this.#socketError ??= err;
  }
  #socketError: Error | null = null;

  #onSocketClose(): void {
    this.#socketClosed = true;
    if (this.#failTimer !== undefined) clearTimeout(this.#failTimer);
    this.#failTimer = undefined;
    if (this.#endTimer !== undefined) clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
    this.#onEof();
    for (const w of this.#closeWaiters.splice(0)) w();
    for (const ext of this.#extensions) ext.close?.();
  }

  #processEvents(): void {
    const protocol = this.#protocol!;
    for (const event of protocol.eventsReceived()) {
      this.#traceEvent(event);
      switch (event.type) {
        case "eof":
          this.#queue.end(this.#closedError(event.clean));
          break;
        case "close":
          this.#queue.push({ event, size: 0, pending: null });
          for (const w of this.#closeWaiters.splice(0)) w();
          // RFC 6455 §7.1.1: the client may close the TCP connection once it
          // has sent and received a close frame; the server SHOULD close first.
          this.#endSocketSoon();
          break;
        case "error":
          this.#queue.push({ event, size: 0, pending: null });
          for (const w of this.#closeWaiters.splice(0)) w();
          if (this.#queue.length <= 1 || this.#closingLocally) {
            this.#commitFailure();
          } else {
            // Messages that arrived before the violation are still queued: let
            // the caller take (and answer) them before the close goes out —
            // until it reaches the error, or at most DEFAULT_FAILURE_DELAY ms.
            this.#failTimer = setTimeout(() => this.#commitFailure(), DEFAULT_FAILURE_DELAY);
            this.#failTimer.unref?.();
          }
          break;
        case "message":
          if (this.#closingLocally) break; // close() discards late messages, as Python
          this.#queueMessage(event);
          break;
        default:
          if (this.#closingLocally) break;
          this.#queue.push({ event, size: event.data.length + ITEM_OVERHEAD, pending: null });
      }
    }
    if (
      !this.#paused &&
      !this.#closingLocally &&
      this.#queue.bytes >= (this.#options.readHighWaterMark ?? DEFAULT_READ_HIGH_WATER_MARK)
    ) {
      // Backpressure: stop reading until the caller takes messages.
      this.#paused = true;
      this.#socket?.pause();
    }
  }

  #queueMessage(event: Extract<ProtocolEvent, { type: "message" }>): void {
    const ext = this.#rsv1Extension;
    const item: QueueItem = { event, size: event.data.length + ITEM_OVERHEAD, pending: null };
    if (ext !== null && event.rsv1) {
      const maxPayload = this.#options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
      const decoded = this.#decodeChain.then(() =>
        ext.decode(event.data, { opcode: event.opcode, rsv1: true, maxPayload }),
      );
      this.#decodeChain = decoded.catch(() => undefined);
      // Never rejects: a failure becomes an error item (no unhandled rejection).
      item.pending = decoded
        .then((data) => {
          if (maxPayload > 0 && data.length > maxPayload) {
            throw new WebSocketPayloadException(
              `Message too big after decoding: more than ${maxPayload} bytes (maxPayload)`,
              { closeCode: 1009 },
            );
          }
          if (event.needsUtf8Check && !validateUtf8(data)) {
            throw new WebSocketPayloadException("Invalid UTF-8 in text message", {
              closeCode: 1007,
            });
          }
          item.event = { ...event, data, rsv1: false, needsUtf8Check: false };
          item.pending = null;
        })
        .catch((err: unknown) => {
          const error =
            err instanceof WebSocketException
              ? err
              : new WebSocketPayloadException(`Extension ${ext.name} failed to decode a message`, {
                  cause: err,
                  closeCode: 1007,
                });
          item.event = { type: "error", error };
          item.pending = null;
          this.#protocol?.fail(error.closeCode ?? 1007, "", error);
          this.#protocol?.eventsReceived(); // the error is delivered through this item
          this.#commitFailure();
        });
    }
    this.#queue.push(item);
  }

  /** Sends the held failure close frame and ends the socket. */
  #commitFailure(): void {
    if (this.#failTimer !== undefined) clearTimeout(this.#failTimer);
    this.#failTimer = undefined;
    const protocol = this.#protocol;
    if (protocol === null || !protocol.failurePending) return;
    protocol.commitFailure();
    this.#flush();
    this.#endSocketSoon();
  }

  #maybeResume(): void {
    if (!this.#paused) return;
    const hwm = this.#options.readHighWaterMark ?? DEFAULT_READ_HIGH_WATER_MARK;
    if (this.#queue.bytes <= hwm / 2) {
      this.#paused = false;
      this.#socket?.resume();
    }
  }

  #closedError(clean: boolean): WebSocketConnectionClosedException {
    const protocol = this.#protocol;
    const rcvd = protocol?.closeRcvd;
    if (rcvd) {
      return new WebSocketConnectionClosedException(
        `Connection closed by the peer (code ${rcvd.code}${rcvd.reason ? `, reason "${rcvd.reason}"` : ""})`,
        { closeCode: rcvd.code, closeReason: rcvd.reason },
      );
    }
    const failure = protocol?.failure;
    if (failure) {
      return new WebSocketConnectionClosedException(
        `Connection closed after an error: ${failure.message}`,
        { closeCode: failure.closeCode, cause: failure },
      );
    }
    if (this.#closingLocally) {
      return new WebSocketConnectionClosedException("socket is already closed.", {
        closeCode: protocol?.closeSent?.code,
      });
    }
    const cause = this.#socketError ?? undefined;
    return new WebSocketConnectionClosedException(
      clean ? "Connection is already closed." : "Connection to remote host was lost.",
      { closeCode: 1006, cause },
    );
  }

  #currentClosedError(): WebSocketConnectionClosedException {
    return this.#queue.ended instanceof WebSocketConnectionClosedException
      ? this.#queue.ended
      : this.#closedError(false);
  }

  /**
   * The next item as Python's `recv_data_frame` sees it: `[opcode, frame]`.
   * `handle` maps it to the caller's result.
   */
  #take<T>(
    handle: (item: QueueItem) => T | typeof SKIP,
    options: RecvOptions | undefined,
  ): Promise<T> {
    if (this.#protocol === null) {
      return Promise.reject(new WebSocketConnectionClosedException("socket is already closed."));
    }
    const timeout = options?.timeout === undefined ? this.#timeout : options.timeout;
    return this.#queue.take(handle, {
      timeout,
      signal: options?.signal,
      timeoutMessage: "Connection timed out waiting for data",
    });
  }

  /** Maps an item to `[opcode, frame]`, or SKIP, or throws (close and error). */
  #frameOf(
    item: QueueItem,
    controlFrame: boolean,
    closeReturns: boolean,
  ): [Opcode, ABNF] | typeof SKIP {
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
        throw this.#closedErrorFromClose(event.code, event.reason);
      case "error":
        this.#commitFailure();
        throw event.error;
    }
  }

  #closedErrorFromClose(code: number, reason: string): WebSocketConnectionClosedException {
    return new WebSocketConnectionClosedException(
      `Connection closed by the peer (code ${code}${reason ? `, reason "${reason}"` : ""})`,
      { closeCode: code, closeReason: reason },
    );
  }

  /**
   * Receives the next message: a `string` for text, a `Uint8Array` for
   * binary (Python: `recv`). With `fireContFrame`, each fragment. After the
   * peer's close (and every message before it) it throws
   * `WebSocketConnectionClosedException` with the peer's code and reason.
   * A timeout throws `WebSocketTimeoutException` and the connection stays
   * usable.
   */
  recv(options?: RecvOptions): Promise<string | Uint8Array> {
    return this.#take((item) => {
      const event = item.event;
      if (event.type === "message") {
        const data = item.cursor ? event.data.subarray(item.cursor.offset) : event.data;
        return event.opcode === OPCODE_TEXT ? decodeText(data) : data;
      }
      if (event.type === "fragment") {
        if (event.messageOpcode !== OPCODE_TEXT) return event.data;
        // Fragments of text may split a character: decode as a stream.
        this.#textDecoder ??= new TextDecoder("utf-8");
        return this.#textDecoder.decode(event.data, { stream: !event.fin });
      }
      this.#frameOf(item, false, false); // throws for close and error
      return SKIP; // ping, pong
    }, options);
  }

  /**
   * Receives `[opcode, data]` (Python: `recv_data`). The peer's close frame
   * is returned once as `[OPCODE_CLOSE, payload]`; with `controlFrame`, pings
   * and pongs are returned too.
   */
  recvData(controlFrame = false, options?: RecvOptions): Promise<[Opcode, Uint8Array]> {
    return this.#take((item) => {
      const event = item.event;
      if (event.type === "message") {
        const data = item.cursor ? event.data.subarray(item.cursor.offset) : event.data;
        return [event.opcode, data] as [Opcode, Uint8Array];
      }
      const result = this.#frameOf(item, controlFrame, true);
      return result === SKIP ? SKIP : ([result[0], result[1].data] as [Opcode, Uint8Array]);
    }, options);
  }

  /**
   * Receives `[opcode, frame]` (Python: `recv_data_frame`). A reassembled
   * message comes as one frame with fin=1, the message's opcode and all its
   * data.
   */
  recvDataFrame(controlFrame = false, options?: RecvOptions): Promise<[Opcode, ABNF]> {
    return this.#take((item) => this.#frameOf(item, controlFrame, true), options);
  }

  /**
   * Receives the next frame of any kind, ping, pong and close included
   * (Python: `recv_frame`). Messages are reassembled unless `fireContFrame`.
   */
  recvFrame(options?: RecvOptions): Promise<ABNF> {
    return this.#take((item) => {
      const event = item.event;
      if (event.type === "message" && event.fragments !== undefined) {
        // Hand out the message's frames one by one, as the peer sent them.
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
    }, options);
  }

  // ---- the write side ----------------------------------------------------

  /** Writes pending protocol output (pongs, close frames) unless the socket is backed up with only pongs pending. */
  #flush(): void {
    const socket = this.#socket;
    const protocol = this.#protocol;
    if (socket === null || protocol === null || socket.destroyed || !socket.writable) return;
    if (socket.writableNeedDrain && protocol.pendingPongs > 0 && !protocol.hasUrgentOutput) return;
    for (const chunk of protocol.dataToSend()) {
      this.#traceSent(chunk);
      socket.write(chunk);
    }
  }

  /** Serializes an async write step after the previous ones. */
  #enqueueWrite<T>(step: () => Promise<T>): Promise<T> {
    this.#writesQueued++;
    const result = this.#writeChain.then(step);
    const settled = result.then(
      () => {
        this.#writesQueued--;
      },
      () => {
        this.#writesQueued--;
      },
    );
    this.#writeChain = settled;
    return result;
  }

  /**
   * Encodes and writes one frame now when no earlier write is pending (the
   * fast path), else after them. Resolves with the frame's length once it is
   * handed to the socket, after 'drain' when the socket holds more than
   * `writeHighWaterMark` bytes.
   */
  #sendNow(encode: (protocol: ClientProtocol) => Uint8Array): Promise<number> {
    if (this.#writesQueued > 0) {
      return this.#enqueueWrite(async () => {
        const bytes = encode(this.#requireProtocol());
        await this.#writeFrame(bytes);
        return bytes.length;
      });
    }
    let bytes: Uint8Array;
    let wait: Promise<void>;
    try {
      bytes = encode(this.#requireProtocol());
      wait = this.#writeFrame(bytes);
    } catch (err) {
      return Promise.reject(err);
    }
    if (wait === RESOLVED) return Promise.resolve(bytes.length);
    // Later sends queue behind this one's wait for 'drain'.
    return this.#enqueueWrite(() => wait.then(() => bytes.length));
  }

  /** Writes one encoded frame and waits for 'drain' when the socket holds too much. */
  #writeFrame(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (socket === null || socket.destroyed || !socket.writable) {
      return Promise.reject(this.#currentClosedError());
    }
    this.#traceSent(bytes);
    socket.write(bytes);
    const hwm = this.#options.writeHighWaterMark ?? DEFAULT_WRITE_HIGH_WATER_MARK;
    if (socket.writableLength <= hwm) return RESOLVED;
    return waitFor<void>(
      (resolve, reject) => {
        const onDrain = () => resolve();
        const onClose = () => reject(this.#currentClosedError());
        socket.once("drain", onDrain);
        socket.once("close", onClose);
        return () => {
          socket.off("drain", onDrain);
          socket.off("close", onClose);
        };
      },
      { timeout: this.#timeout, timeoutMessage: "Connection timed out waiting to send" },
    );
  }

  #requireProtocol(): ClientProtocol {
    const protocol = this.#protocol;
    if (protocol === null || this.#socketClosed) {
      throw this.#protocol === null
        ? new WebSocketConnectionClosedException("socket is already closed.")
        : this.#currentClosedError();
    }
    return protocol;
  }

  /**
   * Sends a message (Python: `send`): a string as text unless `opcode` says
   * otherwise, bytes as binary unless `opcode` says otherwise. Resolves with
   * the number of bytes written (the whole frame, as Python) once they are
   * handed to the socket.
   */
  send(payload: string | Uint8Array, opcode?: Opcode): Promise<number> {
    const op = opcode ?? (typeof payload === "string" ? OPCODE_TEXT : OPCODE_BINARY);
    let data: Uint8Array;
    try {
      data = toBytes(payload, "send() payload");
    } catch (err) {
      return Promise.reject(err);
    }
    if (op === OPCODE_TEXT || op === OPCODE_BINARY) return this.#sendMessage(op, data);
    if (op === OPCODE_CLOSE) {
      return this.#enqueueWrite(async () => {
        const protocol = this.#requireProtocol();
        return this.#sendCloseBytes(protocol, data);
      });
    }
    return this.#sendRaw(op, data, true, false);
  }

  #sendMessage(opcode: 1 | 2, data: Uint8Array): Promise<number> {
    const ext = this.#extensions.length > 0 ? this.#extensions : null;
    if (ext === null) return this.#sendNow((protocol) => protocol.sendFrame(opcode, data));
    return this.#enqueueWrite(async () => {
      let payload = data;
      let rsv1 = false;
      for (const e of ext) {
        const out = await e.encode(payload, { opcode });
        payload = out.data;
        rsv1 ||= out.rsv1;
      }
      const bytes = this.#requireProtocol().sendFrame(opcode, payload, { rsv1 });
      await this.#writeFrame(bytes);
      return bytes.length;
    });
  }

  #sendRaw(opcode: number, data: Uint8Array, fin: boolean, rsv1: boolean): Promise<number> {
    return this.#sendNow((protocol) => protocol.sendFrame(opcode, data, { fin, rsv1 }));
  }

  async #sendCloseBytes(protocol: ClientProtocol, payload: Uint8Array): Promise<number> {
    if (payload.length === 1) {
      throw new WebSocketProtocolException("A close payload of 1 byte cannot hold a status code");
    }
    if (payload.length === 0) protocol.sendClose();
    else {
      const code = (payload[0]! << 8) | payload[1]!;
      protocol.sendClose(code, payload.subarray(2));
    }
    const out = protocol.dataToSend();
    let n = 0;
    for (const chunk of out) {
      n += chunk.length;
      await this.#writeFrame(chunk);
    }
    return n;
  }

  /** Sends a text message (Python: `send_text`). */
  sendText(text: string): Promise<number> {
    if (typeof text !== "string") {
      return Promise.reject(
        new WebSocketException(`sendText() takes a string, got ${describeType(text)}`),
      );
    }
    return this.#sendMessage(OPCODE_TEXT, encoder.encode(text));
  }

  /** Sends a binary message (Python: `send_bytes`). */
  sendBytes(data: Uint8Array): Promise<number> {
    return this.#sendBinaryChecked(data, "sendBytes()");
  }

  /** Sends a binary message (Python: `send_binary`). */
  sendBinary(data: Uint8Array): Promise<number> {
    return this.#sendBinaryChecked(data, "sendBinary()");
  }

  #sendBinaryChecked(data: Uint8Array, what: string): Promise<number> {
    if (!(data instanceof Uint8Array)) {
      try {
        data = toBytes(data, `${what} data`, false);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.#sendMessage(OPCODE_BINARY, data);
  }

  /**
   * Sends one frame as given (Python: `send_frame`): fin, rsv1 and opcode
   * are kept, so messages can be fragmented by hand with `OPCODE_CONT`.
   * The frame is masked with the connection's mask-key function.
   */
  sendFrame(frame: ABNF): Promise<number> {
    if (
      frame === null ||
      typeof frame !== "object" ||
      typeof frame.opcode !== "number" ||
      !(frame.data instanceof Uint8Array)
    ) {
      return Promise.reject(
        new WebSocketException(`sendFrame() takes an ABNF frame, got ${describeType(frame)}`),
      );
    }
    if (frame.opcode === OPCODE_CLOSE) {
      return this.#enqueueWrite(async () =>
        this.#sendCloseBytes(this.#requireProtocol(), frame.data),
      );
    }
    return this.#sendRaw(frame.opcode, frame.data, frame.fin === 1, frame.rsv1 === 1);
  }

  /** Sends a ping (Python: `ping`); a string is UTF-8 encoded. */
  async ping(payload: string | Uint8Array = EMPTY): Promise<void> {
    await this.#sendRaw(OPCODE_PING, toBytes(payload, "ping() payload"), true, false);
  }

  /** Sends a pong (Python: `pong`); a string is UTF-8 encoded. */
  async pong(payload: string | Uint8Array = EMPTY): Promise<void> {
    await this.#sendRaw(OPCODE_PONG, toBytes(payload, "pong() payload"), true, false);
  }

  /** Replaces the masking-key function (Python: `set_mask_key`). */
  setMaskKey(fn: (n: number) => Uint8Array): void {
    this.#getMaskKey = fn;
    this.#protocol?.setMaskKey((n) => this.#maskKey(n));
  }

  // ---- closing ---------------------------------------------------------

  /**
   * Sends a close frame without waiting for the answer (Python:
   * `send_close`). `connected` becomes false.
   */
  async sendClose(status = 1000, reason: string | Uint8Array = EMPTY): Promise<void> {
    checkStatus(status);
    await this.#enqueueWrite(async () => {
      const protocol = this.#requireProtocol();
      if (protocol.failurePending) {
        this.#commitFailure();
        return 0;
      }
      if (protocol.closeSent !== null) return 0;
      protocol.sendClose(status, reason);
      let n = 0;
      for (const chunk of protocol.dataToSend()) {
        n += chunk.length;
        await this.#writeFrame(chunk);
      }
      return n;
    });
  }

  /**
   * Closes the connection (Python: `close`): sends a close frame, waits up
   * to `timeout` ms (default 3000) for the peer's close frame, then ends the
   * socket. Messages arriving meanwhile are discarded. Never throws for a
   * connection that is already gone.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    const { status = 1000, reason = EMPTY, timeout = DEFAULT_CLOSE_TIMEOUT } = options;
    checkStatus(status);
    const protocol = this.#protocol;
    const socket = this.#socket;
    if (protocol === null || socket === null || this.#socketClosed) return;
    this.#closingLocally = true;
    this.#queue.clear();
    if (this.#paused) {
      this.#paused = false;
      socket.resume();
    }
    try {
      // Bounded by `timeout` too: the close frame may queue behind sends that
      // wait for a peer which stopped reading.
      const sent = this.sendClose(status, reason);
      await waitFor<void>((resolve, reject) => void sent.then(resolve, reject), { timeout });
    } catch (err) {
      if (!(err instanceof WebSocketConnectionClosedException)) {
        this.shutdown();
        if (err instanceof WebSocketTimeoutException) return;
        throw err;
      }
    }
    if (protocol.closeRcvd === null && protocol.failure === null && !this.#socketClosed) {
      await waitFor<void>(
        (resolve) => {
          this.#closeWaiters.push(resolve);
        },
        { timeout },
      ).catch(() => undefined);
    }
    await this.#endSocket(timeout);
    this.#queue.end(this.#closedError(true));
  }

  /** Ends the socket (FIN) and destroys it if it has not closed within `timeout`. */
  async #endSocket(timeout: number | null): Promise<void> {
    const socket = this.#socket;
    if (socket === null || this.#socketClosed) return;
    socket.end();
    await waitFor<void>(
      (resolve) => {
        this.#closeWaiters.push(resolve);
        if (this.#socketClosed) resolve();
      },
      { timeout: timeout ?? DEFAULT_CLOSE_TIMEOUT },
    ).catch(() => undefined);
    if (!this.#socketClosed) socket.destroy();
  }

  /** After the close exchange or a failure: FIN now, destroy if the peer lingers. */
  #endSocketSoon(): void {
    const socket = this.#socket;
    if (socket === null || this.#socketClosed || this.#endTimer !== undefined) return;
    this.#flush();
    // Keep reading so the peer's FIN (and its close frame) can arrive.
    if (this.#paused) {
      this.#paused = false;
      socket.resume();
    }
    socket.end();
    this.#endTimer = setTimeout(() => {
      this.#endTimer = undefined;
      socket.destroy();
    }, DEFAULT_CLOSE_TIMEOUT);
    this.#endTimer.unref?.();
  }

  /**
   * Closes the socket at once, without a close frame (Python: `abort`);
   * pending and later `recv` calls throw `WebSocketConnectionClosedException`.
   */
  abort(): void {
    this.shutdown();
  }

  /** Destroys the socket without a close frame (Python: `shutdown`). */
  shutdown(): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#closingLocally = true;
    if (!this.#socketClosed) {
      this.#queue.end(
        new WebSocketConnectionClosedException("socket is already closed.", {
          closeCode: this.#protocol?.closeRcvd?.code,
          closeReason: this.#protocol?.closeRcvd?.reason,
        }),
      );
      socket.destroy();
    }
  }

  /** `await using ws = ...`: closes cleanly (or shuts down when already gone). */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.close();
    } finally {
      this.shutdown();
    }
  }

  /**
   * `for await (const msg of ws)`: every message until the peer closes the
   * connection; throws on a protocol error or a lost connection.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<string | Uint8Array> {
    while (true) {
      let msg: string | Uint8Array;
      try {
        msg = await this.recv();
      } catch (err) {
        if (
          err instanceof WebSocketConnectionClosedException &&
          err.closeCode !== undefined &&
          err.closeCode !== 1006 &&
          err.cause === undefined
        ) {
          return;
        }
        throw err;
      }
      yield msg;
    }
  }

  // ---- state and info ------------------------------------------------------

  /** Sets the read (and send-drain) timeout, ms; `null` waits forever (Python: `settimeout`). */
  setTimeout(ms: number | null): void {
    this.#timeout = ms;
  }

  /** The read timeout, ms (Python: `gettimeout`). */
  getTimeout(): number | null {
    return this.#timeout;
  }

  /** The read timeout, ms. */
  get timeout(): number | null {
    return this.#timeout;
  }

  set timeout(ms: number | null) {
    this.#timeout = ms;
  }

  /** True while the connection is open and no close frame was sent. */
  get connected(): boolean {
    return (
      this.#protocol !== null &&
      !this.#socketClosed &&
      this.#protocol.state === State.OPEN &&
      this.#protocol.closeSent === null
    );
  }

  /** The handshake's HTTP status (101). */
  get status(): number | undefined {
    return this.#opened?.response.status;
  }

  /** The handshake response headers (lower-case names). */
  get headers(): Record<string, string> | undefined {
    return this.#opened?.response.headers;
  }

  /** The subprotocol the server chose, or null. */
  get subprotocol(): string | null {
    return this.#opened?.negotiated.subprotocol ?? null;
  }

  /** Python's `getstatus()`. */
  getStatus(): number | undefined {
    return this.status;
  }

  /** Python's `getheaders()`. */
  getHeaders(): Record<string, string> | undefined {
    return this.headers;
  }

  /** Python's `getsubprotocol()`. */
  getSubprotocol(): string | null {
    return this.subprotocol;
  }

  /** True when the connection runs over TLS. */
  isSsl(): boolean {
    return this.#opened?.connection.isSsl ?? false;
  }

  /** Bytes of received messages waiting to be taken by `recv` (bounded by `readHighWaterMark`). */
  get queuedBytes(): number {
    return this.#queue.bytes;
  }

  /** True while reading is paused because untaken messages reached `readHighWaterMark`. */
  get readPaused(): boolean {
    return this.#paused;
  }

  /** The underlying socket (Python: `sock`), or null before connect. */
  get sock(): Socket | null {
    return this.#socket;
  }

  // ---- tracing -----------------------------------------------------------

  #traceSent(bytes: Uint8Array): void {
    const trace = this.#trace;
    if (trace === null) return;
    const b0 = bytes[0] ?? 0;
    const b1 = bytes[1] ?? 0;
    let offset = 2;
    let len = b1 & 0x7f;
    if (len === 126) {
      len = ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
      offset = 4;
    } else if (len === 127) {
      len = Number(new DataView(bytes.buffer, bytes.byteOffset + 2, 8).getBigUint64(0));
      offset = 10;
    }
    let data = bytes.subarray(offset + ((b1 & 0x80) !== 0 ? 4 : 0));
    if ((b1 & 0x80) !== 0)
      data = ABNF.mask(bytes.subarray(offset, offset + 4), data.subarray(0, 256));
    trace(`++Sent raw: ${hexPreview(bytes)}`);
    trace(`++Sent decoded: ${describeFrame(b0 >> 7, b0 & 0x0f, data.subarray(0, len))}`);
  }

  #traceEvent(event: ProtocolEvent): void {
    const trace = this.#trace;
    if (trace === null) return;
    switch (event.type) {
      case "message":
        trace(`++Rcv decoded: ${describeFrame(1, event.opcode, event.data)}`);
        break;
      case "fragment":
        trace(`++Rcv decoded: ${describeFrame(event.fin ? 1 : 0, event.opcode, event.data)}`);
        break;
      case "ping":
      case "pong":
        trace(
          `++Rcv decoded: ${describeFrame(1, event.type === "ping" ? OPCODE_PING : OPCODE_PONG, event.data)}`,
        );
        break;
      case "close":
        trace(`++Rcv decoded: ${describeFrame(1, OPCODE_CLOSE, event.data)}`);
        break;
      case "error":
        trace(`++Error: ${event.error.message} (close code ${event.error.closeCode})`);
        break;
      case "eof":
        trace(`++Connection ${event.clean ? "closed" : "lost"}`);
        break;
    }
  }
}

/**
 * A payload as bytes: strings UTF-8 encoded (unless `strings` is false),
 * `Uint8Array`s (Buffers) as they are, other `ArrayBuffer`s and views wrapped.
 * Anything else is a `WebSocketException` naming what was wrong.
 */
function toBytes(payload: unknown, what: string, strings = true): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (strings && typeof payload === "string") return encoder.encode(payload);
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) {
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  throw new WebSocketException(
    `${what} must be ${strings ? "a string or " : ""}a Uint8Array, got ${describeType(payload)}`,
  );
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

const textDecoder = new TextDecoder("utf-8");
const fatalDecoder = new TextDecoder("utf-8", { fatal: true });

function decodeText(data: Uint8Array): string {
  // Validated already unless skipUtf8Validation: then invalid bytes become U+FFFD.
  try {
    return fatalDecoder.decode(data);
  } catch {
    return textDecoder.decode(data);
  }
}

function checkStatus(status: number): void {
  if (!Number.isInteger(status) || status < 0 || status >= 65536) {
    throw new WebSocketProtocolException(`Invalid close status code ${status}: not in 0-65535`);
  }
}

function hexPreview(bytes: Uint8Array): string {
  let out = "";
  const n = Math.min(bytes.length, 64);
  for (let i = 0; i < n; i++) out += bytes[i]!.toString(16).padStart(2, "0");
  return bytes.length > n ? `${out}... (${bytes.length} bytes)` : out;
}
