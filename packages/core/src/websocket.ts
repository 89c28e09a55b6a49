import { WebSocketException } from "@wsclient/errors";
import type { ABNF, Opcode } from "@wsclient/frame";
import { closeArgs, pingArgs, sendArgs } from "./call-args.js";
import { checkOptions } from "./check-options.js";
import { offeredExtensions } from "./compression.js";
import { Connection } from "./connection.js";
import { DEFAULT_OPEN_TIMEOUT, DEFAULT_READ_HIGH_WATER_MARK } from "./defaults.js";
import { OPCODE_BINARY, OPCODE_CLOSE, OPCODE_TEXT } from "./opcodes.js";
import { openHandshake } from "./open-handshake.js";
import {
  type CloseOptions,
  CONNECT_OPTION_KEYS,
  type ConnectOptions,
  type SendOptions,
  WEBSOCKET_OPTION_KEYS,
  type WebSocketOptions,
} from "./options.js";
import { describeType, EMPTY, encoder, randomBytes, toBytes } from "./payload.js";
import { ReadSink } from "./read-sink.js";
import { traceHandler } from "./trace.js";
import { notConnectedError, WebSocketReceiver } from "./websocket-receiver.js";

/** Keys of the constructor that `connect()` does not take, for its error message. */
const CONSTRUCTOR_ONLY = Object.fromEntries(
  WEBSOCKET_OPTION_KEYS.filter((k) => k !== "sslopt" && k !== "sockopt").map((k) => [
    k,
    `${k} is an option of new WebSocket({ … }) or createConnection(url, { … }), not of connect()`,
  ]),
);

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
 * `readHighWaterMark` bytes of messages nobody has taken yet. A send
 * resolves once its bytes have reached the kernel.
 *
 * The class is the public face and checks every argument; each
 * connection's work is done by a {@link Connection}.
 */
export class WebSocket extends WebSocketReceiver implements AsyncDisposable {
  readonly #options: WebSocketOptions;
  #getMaskKey: ((n: number) => Uint8Array) | undefined;

  constructor(options: WebSocketOptions = {}) {
    if (typeof options === "string") {
      throw new WebSocketException(
        `new WebSocket() takes options, not a URL: write await createConnection("${options}") or new WebSocket() then await ws.connect("${options}")`,
      );
    }
    checkOptions("new WebSocket()", options, WEBSOCKET_OPTION_KEYS);
    super();
    this.#options = { ...options };
    this.#getMaskKey = options.getMaskKey;
  }

  // ---- connecting --------------------------------------------------------

  /**
   * Connects and performs the opening handshake (Python: `connect`).
   * `options.timeout` (ms) bounds the opening (unless `openTimeout` is
   * given; default 10 s) and becomes the read timeout, as in Python.
   */
  async connect(url: string, options: ConnectOptions = {}): Promise<void> {
    if (typeof url !== "string" && !((url as unknown) instanceof URL)) {
      throw new WebSocketException(`connect() takes a URL string, got ${describeType(url)}`);
    }
    checkOptions("connect()", options, CONNECT_OPTION_KEYS, CONSTRUCTOR_ONLY);
    if (this.conn !== null && !this.conn.socketClosed) {
      throw new WebSocketException("The WebSocket is already connected");
    }
    if (options.timeout !== undefined) this.readTimeout = options.timeout;
    const { openTimeout, ...rest } = options;
    const opening =
      openTimeout !== undefined ? openTimeout : (this.readTimeout ?? DEFAULT_OPEN_TIMEOUT);
    const opts = this.#options;
    const trace = traceHandler(opts.trace);
    const sink = new ReadSink();
    const opened = await openHandshake(String(url), {
      ...rest,
      timeout: opening ?? undefined,
      sslopt: options.sslopt ?? opts.sslopt,
      sockopt: options.sockopt ?? opts.sockopt,
      extensionObjects: offeredExtensions(opts.extensions, opts.compression),
      trace,
      sink,
    });
    if (trace !== null && opened.extensions.length > 0) {
      trace(`++Extensions: ${opened.extensions.map((e) => e.description).join(", ")}`);
    }
    const conn = new Connection(opened, sink, {
      protocol: {
        maxPayload: opts.maxPayload,
        skipUtf8Validation: opts.skipUtf8Validation,
        fireContFrame: opts.fireContFrame,
        maxPendingPongs: opts.maxPendingPongs,
        getMaskKey: this.#getMaskKey === undefined ? undefined : (n) => this.#maskKey(n),
      },
      readHighWaterMark: opts.readHighWaterMark ?? DEFAULT_READ_HIGH_WATER_MARK,
      trace,
      timeout: () => this.readTimeout,
    });
    this.conn = conn;
    conn.start();
  }

  #maskKey(n: number): Uint8Array {
    const key = this.#getMaskKey!(n) as Uint8Array | string;
    return typeof key === "string" ? encoder.encode(key) : key;
  }

  // ---- sending -----------------------------------------------------------

  /**
   * Sends a message (Python: `send`): a string as text, bytes as binary,
   * unless an opcode says otherwise; `{ compress: false }` sends it
   * uncompressed. Resolves with the frame's length once the kernel has it.
   * An `Iterable` or `AsyncIterable` of strings (text) or byte chunks
   * (binary) is sent as one fragmented message, fragment by fragment.
   */
  send(
    payload:
      | string
      | Uint8Array
      | Iterable<string | Uint8Array>
      | AsyncIterable<string | Uint8Array>,
    opcode?: Opcode | SendOptions,
  ): Promise<number> {
    let data: Uint8Array;
    let options: SendOptions;
    try {
      options = sendArgs(opcode);
      if (isStream(payload)) {
        const conn = this.conn;
        if (conn === null) return Promise.reject(notConnectedError());
        return conn.sender.sendStream(payload);
      }
      data = toBytes(payload, "send() payload");
    } catch (err) {
      return Promise.reject(err);
    }
    const op = options.opcode ?? (typeof payload === "string" ? OPCODE_TEXT : OPCODE_BINARY);
    const conn = this.conn;
    if (conn === null) return Promise.reject(notConnectedError());
    if (op === OPCODE_TEXT || op === OPCODE_BINARY) {
      return conn.sender.sendMessage(op, data, options.compress);
    }
    if (op === OPCODE_CLOSE) {
      conn.localClose = true;
      return conn.sender.sendClosePayload(data);
    }
    return conn.sender.sendFrame(op, data, true, false);
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
    return this.#sendMessage(OPCODE_BINARY, data);
  }

  #sendMessage(opcode: 1 | 2, data: Uint8Array): Promise<number> {
    const conn = this.conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return conn.sender.sendMessage(opcode, data);
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
    const conn = this.conn;
    if (conn === null) return Promise.reject(notConnectedError());
    if (frame.opcode === OPCODE_CLOSE) {
      conn.localClose = true;
      return conn.sender.sendClosePayload(frame.data);
    }
    return conn.sender.sendFrame(frame.opcode, frame.data, frame.fin === 1, frame.rsv1 === 1);
  }

  /**
   * Sends a ping (Python: `ping`); a string is UTF-8 encoded. With
   * `{ waitPong: true }` it resolves with the round trip in ms once the
   * matching pong arrives (as python-websockets' `await ping()`; without a
   * payload, 4 random bytes tell concurrent pings apart), and rejects with
   * `WebSocketConnectionClosedException` if the connection ends first.
   * Also updates {@link latency}.
   */
  ping(payload?: string | Uint8Array): Promise<undefined>;
  ping(payload: string | Uint8Array | undefined, options: { waitPong: true }): Promise<number>;
  ping(
    payload?: string | Uint8Array,
    options?: { waitPong?: boolean },
  ): Promise<undefined | number> {
    let data: Uint8Array;
    try {
      const waitPong = pingArgs(options);
      data = toBytes(payload ?? (waitPong ? randomBytes(4) : EMPTY), "ping() payload");
      if (!waitPong) return this.#sendControl(0x9, data).then(() => undefined);
    } catch (err) {
      return Promise.reject(err);
    }
    const conn = this.conn;
    if (conn === null) return Promise.reject(notConnectedError());
    if (conn.pings.has(data)) {
      return Promise.reject(
        new WebSocketException("A ping with this payload is already waiting for its pong"),
      );
    }
    const rtt = conn.pings.expect(data);
    return this.#sendControl(0x9, data).then(
      () => rtt,
      (err: unknown) => {
        conn.pings.forget(data);
        throw err;
      },
    );
  }

  /** Sends a pong (Python: `pong`); a string is UTF-8 encoded. */
  async pong(payload: string | Uint8Array = EMPTY): Promise<void> {
    await this.#sendControl(0xa, toBytes(payload, "pong() payload"));
  }

  #sendControl(opcode: number, data: Uint8Array): Promise<number> {
    const conn = this.conn;
    if (conn === null) return Promise.reject(notConnectedError());
    return conn.sender.sendFrame(opcode, data, true, false);
  }

  /** Replaces the masking-key function (Python: `set_mask_key`). */
  setMaskKey(fn: (n: number) => Uint8Array): void {
    if (typeof fn !== "function") {
      throw new WebSocketException(
        `setMaskKey() takes a function (n) => Uint8Array, got ${describeType(fn)}`,
      );
    }
    this.#getMaskKey = fn;
    this.conn?.protocol.setMaskKey((n) => this.#maskKey(n));
  }

  // ---- closing -----------------------------------------------------------

  /**
   * Sends a close frame without waiting for the answer (Python:
   * `send_close`). `connected` becomes false.
   */
  async sendClose(status = 1000, reason: string | Uint8Array = EMPTY): Promise<void> {
    const args = closeArgs(status, reason);
    const conn = this.conn;
    if (conn === null) throw notConnectedError();
    conn.localClose = true;
    await conn.sender.sendClose(args.status, args.reason);
  }

  /**
   * Closes the connection (Python: `close`): sends a close frame, waits up
   * to `timeout` ms (default 3000) for the peer's close frame, then ends the
   * socket. Messages arriving meanwhile are discarded. Never throws for a
   * connection that is already gone. `close(code, reason)` (the `ws` and
   * browser form) works too.
   */
  async close(options?: CloseOptions | number, reason?: string | Uint8Array): Promise<void> {
    const { status, reason: why, timeout } = closeArgs(options, reason);
    await this.conn?.close(status, why, timeout);
  }

  /**
   * Closes the socket at once, without a close frame (Python: `abort`);
   * pending and later `recv` calls throw `WebSocketConnectionClosedException`.
   * Sends that already resolved are in the kernel and still delivered.
   */
  abort(): void {
    this.shutdown();
  }

  /** Destroys the socket without a close frame (Python: `shutdown`). */
  shutdown(): void {
    this.conn?.shutdown();
  }

  /** `await using ws = ...`: closes cleanly (or shuts down when already gone). */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.close();
    } finally {
      this.shutdown();
    }
  }
}

/** An iterable or async iterable of chunks (not a string or bytes, which are iterable too). */
function isStream(payload: unknown): payload is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof payload !== "object" || payload === null) return false;
  if (
    payload instanceof Uint8Array ||
    payload instanceof ArrayBuffer ||
    ArrayBuffer.isView(payload)
  ) {
    return false;
  }
  return Symbol.asyncIterator in payload || Symbol.iterator in payload;
}
