import type { Socket } from "node:net";
import { WebSocketConnectionClosedException, WebSocketException } from "@wsclient/errors";
import type { ABNF, Opcode } from "@wsclient/frame";
import { offeredExtensions } from "./compression.js";
import { Connection, notConnectedError } from "./connection.js";
import { DEFAULT_CLOSE_TIMEOUT } from "./defaults.js";
import { OPCODE_BINARY, OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG, OPCODE_TEXT } from "./opcodes.js";
import { openHandshake } from "./open-handshake.js";
import type { CloseOptions, ConnectOptions, RecvOptions, WebSocketOptions } from "./options.js";
import { checkStatus, describeType, EMPTY, encoder, toBytes } from "./payload.js";
import { State } from "./protocol/state.js";
import { NOT_READY, type QueueItem, type SKIP } from "./receive-queue.js";
import { traceHandler } from "./trace.js";

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
 *
 * The class is the public face; each connection's work is done by a
 * {@link Connection} and its reader, writer and close handshake.
 */
export class WebSocket implements AsyncIterable<string | Uint8Array>, AsyncDisposable {
  readonly #options: WebSocketOptions;
  #getMaskKey: ((n: number) => Uint8Array) | undefined;
  #timeout: number | null = null;
  #conn: Connection | null = null;

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
    if (this.#conn !== null && !this.#conn.socketClosed) {
      throw new WebSocketException("The WebSocket is already connected");
    }
    if (options.timeout !== undefined) this.#timeout = options.timeout;
    const timeout = options.timeout === undefined ? this.#timeout : options.timeout;
    const opts = this.#options;
    const trace = traceHandler(opts.trace);
    const opened = await openHandshake(url, {
      ...options,
      timeout: timeout ?? undefined,
      sslopt: options.sslopt ?? opts.sslopt,
      sockopt: options.sockopt ?? opts.sockopt,
      extensionObjects: offeredExtensions(opts.extensions, opts.compression),
      trace,
    });
    const conn = new Connection(opened, {
      options: opts,
      trace,
      timeout: () => this.#timeout,
      getMaskKey: this.#getMaskKey === undefined ? undefined : (n) => this.#maskKey(n),
    });
    this.#conn = conn;
    conn.start();
  }

  #maskKey(n: number): Uint8Array {
    const key = this.#getMaskKey!(n) as Uint8Array | string;
    return typeof key === "string" ? encoder.encode(key) : key;
  }

  // ---- receiving ---------------------------------------------------------

  /** Takes the next item `handle` accepts from the connection's queue. */
  #take<T>(
    conn: Connection,
    handle: (item: QueueItem) => T | typeof SKIP,
    options: RecvOptions | undefined,
  ): Promise<T> {
    if (options === undefined) {
      // A message is usually queued already: take it without the wait's options.
      let result: T | typeof NOT_READY;
      try {
        result = conn.queue.poll(handle);
      } catch (err) {
        return Promise.reject(err);
      }
      if (result !== NOT_READY) return Promise.resolve(result);
    }
    const timeout = options?.timeout === undefined ? this.#timeout : options.timeout;
    return conn.queue.take(handle, {
      timeout,
      signal: options?.signal,
      timeoutMessage: "Connection timed out waiting for data",
    });
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
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return this.#take(conn, conn.handlers.recv, options);
  }

  /**
   * Receives `[opcode, data]` (Python: `recv_data`). The peer's close frame
   * is returned once as `[OPCODE_CLOSE, payload]`; with `controlFrame`, pings
   * and pongs are returned too.
   */
  recvData(controlFrame = false, options?: RecvOptions): Promise<[Opcode, Uint8Array]> {
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    const h = conn.handlers;
    return this.#take(conn, controlFrame ? h.recvDataControl : h.recvData, options);
  }

  /**
   * Receives `[opcode, frame]` (Python: `recv_data_frame`). A reassembled
   * message comes as one frame with fin=1, the message's opcode and all its
   * data.
   */
  recvDataFrame(controlFrame = false, options?: RecvOptions): Promise<[Opcode, ABNF]> {
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    const h = conn.handlers;
    return this.#take(conn, controlFrame ? h.recvDataFrameControl : h.recvDataFrame, options);
  }

  /**
   * Receives the next frame of any kind, ping, pong and close included
   * (Python: `recv_frame`). Messages are reassembled unless `fireContFrame`.
   */
  recvFrame(options?: RecvOptions): Promise<ABNF> {
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return this.#take(conn, conn.handlers.recvFrame, options);
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

  // ---- sending -----------------------------------------------------------

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
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    if (op === OPCODE_TEXT || op === OPCODE_BINARY) return conn.writer.sendMessage(op, data);
    if (op === OPCODE_CLOSE) return conn.writer.sendClosePayload(data);
    return conn.writer.sendFrame(op, data, true, false);
  }

  /** Sends a text message (Python: `send_text`). */
  sendText(text: string): Promise<number> {
    if (typeof text !== "string") {
      return Promise.reject(
        new WebSocketException(`sendText() takes a string, got ${describeType(text)}`),
      );
    }
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return conn.writer.sendMessage(OPCODE_TEXT, encoder.encode(text));
  }

  /** Sends a binary message (Python: `send_bytes`). */
  sendBytes(data: Uint8Array): Promise<number> {
    return this.#sendBinary(data, "sendBytes()");
  }

  /** Sends a binary message (Python: `send_binary`). */
  sendBinary(data: Uint8Array): Promise<number> {
    return this.#sendBinary(data, "sendBinary()");
  }

  #sendBinary(data: Uint8Array, what: string): Promise<number> {
    if (!(data instanceof Uint8Array)) {
      try {
        data = toBytes(data, `${what} data`, false);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return conn.writer.sendMessage(OPCODE_BINARY, data);
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
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    if (frame.opcode === OPCODE_CLOSE) return conn.writer.sendClosePayload(frame.data);
    return conn.writer.sendFrame(frame.opcode, frame.data, frame.fin === 1, frame.rsv1 === 1);
  }

  /** Sends a ping (Python: `ping`); a string is UTF-8 encoded. */
  async ping(payload: string | Uint8Array = EMPTY): Promise<void> {
    await this.#sendControl(OPCODE_PING, toBytes(payload, "ping() payload"));
  }

  /** Sends a pong (Python: `pong`); a string is UTF-8 encoded. */
  async pong(payload: string | Uint8Array = EMPTY): Promise<void> {
    await this.#sendControl(OPCODE_PONG, toBytes(payload, "pong() payload"));
  }

  #sendControl(opcode: number, data: Uint8Array): Promise<number> {
    const conn = this.#conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return conn.writer.sendFrame(opcode, data, true, false);
  }

  /** Replaces the masking-key function (Python: `set_mask_key`). */
  setMaskKey(fn: (n: number) => Uint8Array): void {
    this.#getMaskKey = fn;
    this.#conn?.protocol.setMaskKey((n) => this.#maskKey(n));
  }

  // ---- closing -----------------------------------------------------------

  /**
   * Sends a close frame without waiting for the answer (Python:
   * `send_close`). `connected` becomes false.
   */
  async sendClose(status = 1000, reason: string | Uint8Array = EMPTY): Promise<void> {
    checkStatus(status);
    const conn = this.#conn;
    if (conn === null) throw notConnectedError();
    await conn.writer.sendClose(status, reason);
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
    await this.#conn?.closer.close(status, reason, timeout);
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
    this.#conn?.closer.shutdown();
  }

  /** `await using ws = ...`: closes cleanly (or shuts down when already gone). */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.close();
    } finally {
      this.shutdown();
    }
  }

  // ---- state and info ----------------------------------------------------

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
    const conn = this.#conn;
    return (
      conn !== null &&
      !conn.socketClosed &&
      conn.protocol.state === State.OPEN &&
      conn.protocol.closeSent === null
    );
  }

  /** The handshake's HTTP status (101). */
  get status(): number | undefined {
    return this.#conn?.opened.response.status;
  }

  /** The handshake response headers (lower-case names). */
  get headers(): Record<string, string> | undefined {
    return this.#conn?.opened.response.headers;
  }

  /** The subprotocol the server chose, or null. */
  get subprotocol(): string | null {
    return this.#conn?.opened.negotiated.subprotocol ?? null;
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
    return this.#conn?.opened.connection.isSsl ?? false;
  }

  /** Bytes of received messages waiting to be taken by `recv` (bounded by `readHighWaterMark`). */
  get queuedBytes(): number {
    return this.#conn?.queue.bytes ?? 0;
  }

  /** True while reading is paused because untaken messages reached `readHighWaterMark`. */
  get readPaused(): boolean {
    return this.#conn?.reader.paused ?? false;
  }

  /** The underlying socket (Python: `sock`), or null before connect. */
  get sock(): Socket | null {
    return this.#conn?.socket ?? null;
  }
}
