import { checkOptions, type Opcode, WebSocket } from "@wsclient/core";
import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { abortableSleep } from "./abortable-sleep.js";
import { CallbackRunner } from "./callback-runner.js";
import { parseCloseArgs } from "./close-args.js";
import { getReconnect } from "./default-reconnect.js";
import { dispatchFrame } from "./dispatch-frame.js";
import { endedBy } from "./ended-by.js";
import { Keepalive } from "./keepalive.js";
import { OPCODE_BINARY, OPCODE_CLOSE, OPCODE_PONG, OPCODE_TEXT } from "./opcodes.js";
import {
  APP_OPTION_KEYS,
  type AppCloseOptions,
  CALLBACK_NAMES,
  RUN_FOREVER_KEYS,
  type RunForeverOptions,
  type WebSocketAppOptions,
} from "./options.js";
import { readCloseAnswer } from "./read-close-answer.js";
import { normalizeReconnect } from "./reconnect-policy.js";
import { RetrySchedule } from "./retry-schedule.js";
import { SendQueue } from "./send-queue.js";
import { definedOnly, sessionOptions } from "./session-options.js";
import { validateKeepalive, validateReconnectDelay } from "./validate-run-options.js";

/** How one connection ended. */
interface SessionResult {
  opened: boolean;
  uptime: number;
  code: number | null;
  reason: string | null;
  error: unknown;
}

/**
 * A long-lived WebSocket connection driven by callbacks (Python's
 * `WebSocketApp`): `runForever` connects, dispatches every frame to the
 * callbacks, keeps the link alive with pings and reconnects with backoff.
 *
 * @example
 * ```ts
 * const app = new WebSocketApp("ws://127.0.0.1:8080/", {
 *   onOpen: (app) => app.sendText("hello"),
 *   onMessage: (app, msg) => console.log(msg),
 *   onClose: (app, code, reason) => console.log("closed", code, reason),
 * });
 * const errored = await app.runForever({ pingInterval: 30_000, pingTimeout: 10_000, reconnect: true });
 * ```
 */
export class WebSocketApp {
  /** The URL every connection goes to. */
  readonly url: string;
  /** The options the app was made with. */
  readonly options: Readonly<WebSocketAppOptions<WebSocketApp>>;
  /** True while `runForever` should keep going. */
  keepRunning = false;

  readonly #callbacks: CallbackRunner<WebSocketApp>;
  #sock: WebSocket | null = null;
  #keepalive: Keepalive | null = null;
  #stop: AbortController = new AbortController();
  #running = false;
  #closing: Promise<void> | null = null;
  #usedPreparedSocket = false;
  readonly #queue: SendQueue | null;
  #inOpenCallback = false;

  constructor(url: string, options: WebSocketAppOptions<WebSocketApp> = {}) {
    if (typeof url !== "string" || url.length === 0) {
      throw new WebSocketException(`url must be a non-empty string, got ${String(url)}`);
    }
    checkOptions("new WebSocketApp()", options, APP_OPTION_KEYS);
    for (const name of CALLBACK_NAMES) {
      const cb = options[name];
      if (cb !== undefined && typeof cb !== "function") {
        throw new WebSocketException(`${name} must be a function, got ${typeof cb}`);
      }
    }
    this.#queue = SendQueue.from(options.sendQueue);
    this.url = url;
    this.options = options;
    this.#callbacks = new CallbackRunner<WebSocketApp>(
      this,
      options.onError,
      options.logger ?? console,
    );
  }

  /** The current connection's `WebSocket`, or `null` between connections. */
  get sock(): WebSocket | null {
    return this.#sock;
  }

  /** When the last keepalive ping was sent (ms since the epoch), or `null`. */
  get lastPingTm(): number | null {
    return this.#keepalive?.lastPingTm ?? null;
  }

  /** When the last pong arrived (ms since the epoch), or `null`. */
  get lastPongTm(): number | null {
    return this.#keepalive?.lastPongTm ?? null;
  }

  /** True when a connection is open. */
  ready(): boolean {
    return this.#sock?.connected === true;
  }

  /**
   * Sends a message (text for a string unless `opcode` says otherwise).
   * Resolves with the bytes written. With the `sendQueue` option, a message
   * sent while `runForever` is (re)connecting waits in the queue and goes
   * out, in order, right after `onOpen`/`onReconnect`.
   *
   * @throws WebSocketConnectionClosedException when not connected (and not
   *   queued), when the queue is full, or when the app stops with the
   *   message still queued.
   */
  send(data: string | Uint8Array, opcode?: Opcode): Promise<number> {
    const ws = this.#sock;
    const open = ws?.connected === true;
    const queue = this.#queue;
    if (
      queue !== null &&
      this.#running &&
      this.keepRunning &&
      (!open || (queue.busy && !this.#inOpenCallback))
    ) {
      return queue.push(data, opcode);
    }
    if (!open || ws === null) {
      return Promise.reject(
        new WebSocketConnectionClosedException("Connection is already closed."),
      );
    }
    return opcode === undefined ? ws.send(data) : ws.send(data, opcode);
  }

  /** Sends a text message. @throws WebSocketConnectionClosedException when not connected. */
  sendText(text: string): Promise<number> {
    return this.send(text, OPCODE_TEXT);
  }

  /** Sends a binary message. @throws WebSocketConnectionClosedException when not connected. */
  sendBytes(data: Uint8Array): Promise<number> {
    return this.send(data, OPCODE_BINARY);
  }

  /**
   * Stops `runForever`: closes the connection with a close handshake
   * (bounded by `timeout`), cancels a pending reconnect or connect, and lets
   * `runForever` resolve `false`. Safe to call from any callback, from
   * outside, and more than once.
   *
   * @throws WebSocketException for an invalid `status` (the connection is
   *   dropped all the same).
   */
  close(options: AppCloseOptions = {}): Promise<void> {
    this.keepRunning = false;
    this.#stop.abort();
    this.#rejectQueued();
    this.#keepalive?.stop();
    const ws = this.#sock;
    this.#sock = null;
    if (ws === null) return this.#closing ?? Promise.resolve();
    const closing = (async () => {
      try {
        await ws.close(definedOnly({ ...options }));
      } finally {
        ws.shutdown();
      }
    })();
    // runForever waits for the close but never fails on it.
    this.#closing = closing.catch(() => undefined);
    return closing.catch((error: unknown) => {
      // The link broke while closing: nothing left to say to the peer. Other
      // errors (a bad status code, say) are the caller's to see.
      if (!WebSocketConnectionClosedException.isInstance(error)) throw error;
    });
  }

  /**
   * Connects and dispatches frames to the callbacks until the app is closed,
   * the connection ends and no reconnect is due, or reconnecting gives up.
   * Resolves `false` when it ended cleanly (`close()`, or a clean close by
   * the server) and `true` when it ended on an error, as Python's
   * `run_forever` returns. Never rejects once running; bad options reject
   * with a `WebSocketException` before anything connects.
   */
  async runForever(options: RunForeverOptions = {}): Promise<boolean> {
    checkOptions("runForever()", options, RUN_FOREVER_KEYS);
    const { pingInterval, pingTimeout } = validateKeepalive(
      options.pingInterval,
      options.pingTimeout,
    );
    const policy = normalizeReconnect(
      validateReconnectDelay(options.reconnect === undefined ? getReconnect() : options.reconnect),
    );
    if (this.#running) throw new WebSocketException("runForever is already running");
    this.#running = true;
    this.keepRunning = true;
    this.#stop = new AbortController();
    this.#closing = null;
    const signal = options.signal;
    const onAbort = (): void => {
      this.close().catch(() => undefined);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });

    let errored = false;
    let lastClose: [number | null, string | null] = [null, null];
    const schedule = policy === null ? null : new RetrySchedule(policy);
    let everOpened = false;
    try {
      while (this.keepRunning) {
        const r = await this.#session(options, everOpened, pingInterval, pingTimeout);
        everOpened ||= r.opened;
        if (r.opened || r.code !== null) lastClose = [r.code, r.reason];
        errored = false;
        if (!this.keepRunning) break;
        if (r.error !== null) {
          errored = true;
          await this.#callbacks.error(r.error);
          if (!this.keepRunning) break;
        }
        if (schedule === null) break;
        const step = schedule.next(endedBy(r), r.opened ? r.uptime : null);
        if (!step.retry) {
          // A spent maxRetries ends the run on an error; a broken predicate
          // is reported and stops it.
          if (step.gaveUp) errored = true;
          if (step.error !== null) await this.#callbacks.error(step.error);
          break;
        }
        if (!this.keepRunning) break;
        await abortableSleep(step.delay, this.#stop.signal);
        // Closed while waiting to reconnect: the error was being recovered
        // from, so the run ends cleanly.
        if (!this.keepRunning) errored = false;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.keepRunning = false;
      this.#keepalive?.stop();
      const closing = this.#closing as Promise<void> | null;
      if (closing !== null) await closing;
      this.#sock = null;
      this.#running = false;
      this.#rejectQueued();
    }
    await this.#callbacks.call(this.options.onClose, lastClose[0], lastClose[1]);
    return errored;
  }

  async #session(
    o: RunForeverOptions,
    reconnecting: boolean,
    pingInterval: number,
    pingTimeout: number | null,
  ): Promise<SessionResult> {
    const result: SessionResult = {
      opened: false,
      uptime: 0,
      code: null,
      reason: null,
      error: null,
    };
    const app = this.options;
    let ws: WebSocket | undefined;
    try {
      const header = typeof app.header === "function" ? await app.header() : app.header;
      if (!this.keepRunning) return result;
      const [wsOptions, connectOptions] = sessionOptions(o, app, {
        header,
        socket: this.#usedPreparedSocket ? undefined : app.socket,
        signal: this.#stop.signal,
      });
      this.#usedPreparedSocket = true;
      ws = app.createSocket ? app.createSocket(wsOptions) : new WebSocket(wsOptions);
      this.#sock = ws;
      await ws.connect(this.url, connectOptions);
    } catch (error) {
      if (ws !== undefined) {
        if (this.#sock === ws) this.#sock = null;
        ws.shutdown();
      }
      if (this.keepRunning) result.error = error;
      return result;
    }
    if (!this.keepRunning) return result; // close() ran during the handshake and owns `ws`

    const openedAt = Date.now();
    result.opened = true;
    let pingError: WebSocketTimeoutException | null = null;
    const keepalive = new Keepalive({
      interval: pingInterval,
      timeout: pingTimeout,
      // The pong is awaited so its round trip is measured (ws.latency,
      // onPong's third argument); the watchdog judges a missing pong.
      sendPing: () => ws.ping(o.pingPayload ?? "", { waitPong: true }),
      onTimeout: (error) => {
        pingError = error;
        ws.abort();
        ws.shutdown();
      },
    });
    this.#keepalive = keepalive;
    keepalive.start();

    const onOpen = reconnecting && app.onReconnect !== undefined ? app.onReconnect : app.onOpen;
    this.#inOpenCallback = true;
    try {
      await this.#callbacks.call(onOpen);
    } finally {
      this.#inOpenCallback = false;
    }
    await this.#queue?.flush((data, opcode) =>
      opcode === undefined ? ws.send(data) : ws.send(data, opcode),
    );
    let gotClose = false;
    try {
      while (this.keepRunning && pingError === null) {
        let received: Awaited<ReturnType<WebSocket["recvDataFrame"]>>;
        try {
          received = await ws.recvDataFrame(true);
        } catch (error) {
          // A read timeout leaves the connection usable (core's contract).
          if (WebSocketTimeoutException.isInstance(error) && ws.connected) continue;
          throw error;
        }
        const [opcode, frame] = received;
        if (opcode === OPCODE_CLOSE) {
          [result.code, result.reason] = parseCloseArgs(frame.data);
          gotClose = true;
          break;
        }
        if (opcode === OPCODE_PONG) keepalive.pong();
        await dispatchFrame(this.#callbacks, app, opcode, frame, {
          decodeText: o.skipUtf8Validation !== true,
          latency: ws.latency,
        });
      }
    } catch (error) {
      if (this.keepRunning) result.error = error;
    } finally {
      keepalive.stop();
    }
    if (pingError !== null && this.keepRunning) result.error = pingError;
    result.uptime = Date.now() - openedAt;
    if (!this.keepRunning) {
      // close() owns `ws` now. When it was called from a callback no read
      // was pending, so pick the server's answering close frame up here for
      // onClose.
      if (!gotClose && result.error === null && this.#closing !== null) {
        await this.#closing;
        const answer = await readCloseAnswer(ws);
        if (answer !== null) [result.code, result.reason] = answer;
      }
      return result;
    }
    // The connection is over: finish the close handshake core started when
    // the server's close arrived, or just drop a broken link.
    if (this.#sock === ws) this.#sock = null;
    if (gotClose && result.error === null) {
      try {
        await ws.close({ timeout: 1000 });
      } catch {
        // Already closed.
      }
    }
    ws.shutdown();
    return result;
  }

  #rejectQueued(): void {
    this.#queue?.rejectAll(
      new WebSocketConnectionClosedException(
        "WebSocketApp stopped before a queued message could be sent",
      ),
    );
  }
}
