import type { Duplex } from "node:stream";
import { WebSocketConnectionClosedException, type WebSocketException } from "@wsclient/errors";
import { type CloseInfo, closedError, closeInfo } from "./close-info.js";
import { DEFAULT_CLOSE_TIMEOUT, DEFAULT_FAILURE_DELAY } from "./defaults.js";
import type { ExtensionSession } from "./extension.js";
import { decodeMessage } from "./extension-decode.js";
import { allocFrameBuffer, releaseFrameBuffer } from "./frame-buffers.js";
import { traceEvent } from "./frame-trace.js";
import type { OpenedConnection } from "./open-handshake.js";
import { PingTracker } from "./ping-tracker.js";
import { ClientProtocol, type ClientProtocolOptions } from "./protocol/client-protocol.js";
import type { ProtocolEvent } from "./protocol/events.js";
import type { ReadSink } from "./read-sink.js";
import { receiveHandlers } from "./receive-handlers.js";
import { type QueueItem, ReceiveQueue } from "./receive-queue.js";
import { SendPath } from "./send-path.js";
import { SocketWriter } from "./socket-writer.js";
import type { TraceHandler } from "./trace.js";
import { waitFor } from "./wait.js";

/** Bytes a queued item counts beyond its payload: empty pings still reach the mark. */
const ITEM_OVERHEAD = 128;

/** What a {@link Connection} takes from the `WebSocket` that opens it. */
export interface ConnectionSettings {
  protocol: ClientProtocolOptions;
  readHighWaterMark: number;
  trace: TraceHandler | null;
  /** The read and send timeout in effect, ms; it may change at any time. */
  timeout: () => number | null;
}

/**
 * One open connection, and the one owner of its socket. Bytes move one way:
 * socket → {@link ReadSink} → {@link ClientProtocol} → {@link ReceiveQueue}
 * → `recv*`, and `send*` → {@link SendPath} → protocol → {@link SocketWriter}
 * → socket. The parts get what they use and never this object; it wires
 * them and decides what the protocol leaves to a driver: when output is
 * written, when reading pauses, when a failure's close frame goes out, and
 * when the socket ends.
 */
export class Connection {
  readonly socket: Duplex;
  readonly opened: OpenedConnection;
  readonly protocol: ClientProtocol;
  readonly queue = new ReceiveQueue();
  readonly handlers = receiveHandlers();
  readonly writer: SocketWriter;
  readonly sender: SendPath;
  /** Pings awaiting their pong, and the last round trip. */
  readonly pings = new PingTracker();
  readonly #sink: ReadSink;
  readonly #sessions: ExtensionSession[];
  readonly #decoder: ExtensionSession | null;
  readonly #maxPayload: number;
  readonly #skipUtf8: boolean;
  readonly #highWaterMark: number;
  readonly #trace: TraceHandler | null;
  /** Extension decodes run one at a time, in message order. */
  #decodeChain: Promise<unknown> = Promise.resolve();

  /** Reading is paused for backpressure. */
  paused = false;
  /** `close()` or `shutdown()` was called: late messages are discarded. */
  closingLocally = false;
  /** The socket emitted 'close'. */
  socketClosed = false;
  /** We started the closing: a close frame of ours first, a failure, `close()` or `shutdown()`. */
  localClose = false;
  /** The socket's first error, the cause of a lost connection. */
  #socketError: Error | null = null;
  /** A violation was found and its close frame is held (see {@link #onError}). */
  #failureHeld = false;
  #failTimer: ReturnType<typeof setTimeout> | undefined;
  #endTimer: ReturnType<typeof setTimeout> | undefined;
  /** Woken when the peer's close frame (or a failure, or the socket's 'close') arrives. */
  #closeWaiters: Array<() => void> = [];

  constructor(opened: OpenedConnection, sink: ReadSink, settings: ConnectionSettings) {
    this.opened = opened;
    this.socket = opened.connection.socket;
    this.#sink = sink;
    this.#sessions = opened.extensions;
    this.#decoder = opened.extensions.find((e) => e.rsv1) ?? null;
    this.#maxPayload = settings.protocol.maxPayload ?? 0;
    this.#skipUtf8 = settings.protocol.skipUtf8Validation === true;
    this.#highWaterMark = settings.readHighWaterMark;
    this.#trace = settings.trace;
    // Large frames are encoded into recycled buffers when a completed write
    // is known to be done with its bytes (not so for a caller's own Duplex).
    const recycle = opened.connection.writesCopied;
    this.protocol = new ClientProtocol({
      ...settings.protocol,
      allowRsv1: this.#decoder !== null,
      allocFrame: recycle ? allocFrameBuffer : undefined,
    });
    this.writer = new SocketWriter(this.socket, {
      trace: settings.trace,
      timeout: settings.timeout,
      closedError: () => this.currentClosedError(),
      release: recycle ? releaseFrameBuffer : undefined,
    });
    this.sender = new SendPath(this.protocol, this.writer, opened.extensions, {
      gone: () => (this.socketClosed ? this.currentClosedError() : null),
      commitFailure: () => this.#commitFailure(),
    });
    this.queue.onShift = (item) => this.#onShift(item);
  }

  /** Wires the socket, feeds the bytes that came with the handshake, starts reading. */
  start(): void {
    const socket = this.socket;
    socket.on("end", () => this.#onEof());
    socket.on("error", (err: Error) => {
      this.#socketError ??= err;
    });
    socket.on("close", () => this.#onSocketClose());
    socket.on("drain", () => this.#flush());
    this.#sink.sink = (chunk) => this.#onData(chunk);
    if (this.opened.rest.length > 0) this.#onData(this.opened.rest);
    if (!this.paused) socket.resume();
  }

  // ---- receiving -----------------------------------------------------------

  /** Bytes from the socket: into the protocol, then its output, events, backpressure. */
  #onData(chunk: Uint8Array): void {
    const protocol = this.protocol;
    protocol.receiveData(chunk);
    // Automatic pongs and close replies; held while the socket is backed up
    // (the protocol keeps only the latest pongs meanwhile).
    if (protocol.hasDataToSend && !this.socket.writableNeedDrain) this.#flush();
    const events = protocol.eventsReceived();
    for (let i = 0; i < events.length; i++) this.#onEvent(events[i]!);
    if (!this.paused && this.#overHighWaterMark()) {
      this.paused = true;
      this.socket.pause();
    }
  }

  /**
   * Backpressure: held bytes (queue + the protocol's partial frame and
   * message) at the mark while something waits to be taken. With nothing
   * queued reading goes on, so a message larger than the mark completes.
   */
  #overHighWaterMark(): boolean {
    return (
      !this.closingLocally &&
      this.queue.length > 0 &&
      this.queue.bytes + this.protocol.bufferedBytes >= this.#highWaterMark
    );
  }

  #onEvent(event: ProtocolEvent): void {
    if (this.#trace !== null) traceEvent(this.#trace, event);
    switch (event.type) {
      case "message": {
        if (this.closingLocally) return; // close() discards late messages, as Python
        const item: QueueItem = { event, size: event.data.length + ITEM_OVERHEAD, pending: null };
        if (event.rsv1 && this.#decoder !== null) this.#decode(item, event.data, event.opcode);
        this.queue.push(item);
        return;
      }
      case "close":
        this.queue.push({ event, size: 0, pending: null });
        this.#wakeCloseWaiters();
        // RFC 6455 §7.1.1: the client may close the TCP connection once it
        // has sent and received a close frame; the server SHOULD close first.
        this.#endSocketSoon();
        return;
      case "error":
        this.#onError(event);
        return;
      case "eof":
        this.queue.end(this.closedError(event.clean));
        return;
      default:
        if (event.type === "pong") this.pings.pong(event.data);
        if (this.closingLocally) return;
        this.queue.push({ event, size: event.data.length + ITEM_OVERHEAD, pending: null });
    }
  }

  /**
   * The peer broke the protocol. Input has stopped; the close frame
   * (1002/1007/1009) goes out when the caller reaches the error — so it can
   * still act on, e.g. echo, the messages that arrived before it — or after
   * `DEFAULT_FAILURE_DELAY` ms, or at once when nothing is queued before it.
   */
  #onError(event: Extract<ProtocolEvent, { type: "error" }>): void {
    this.#failureHeld = true;
    this.queue.push({ event, size: 0, pending: null });
    this.#wakeCloseWaiters();
    if (this.queue.length <= 1 || this.closingLocally) {
      this.#commitFailure();
    } else {
      this.#failTimer = setTimeout(() => this.#commitFailure(), DEFAULT_FAILURE_DELAY);
      this.#failTimer.unref?.();
    }
  }

  /** Sends the held failure close frame and ends the socket. */
  #commitFailure(): void {
    if (!this.#failureHeld) return;
    this.#failureHeld = false;
    this.localClose = true;
    if (this.#failTimer !== undefined) clearTimeout(this.#failTimer);
    this.#failTimer = undefined;
    const failure = this.protocol.failure;
    this.protocol.fail(failure?.closeCode ?? 1002, "", failure ?? undefined);
    this.#flush();
    this.#endSocketSoon();
  }

  /** Decodes a message through the RSV1 session after the decodes before it, in order. */
  #decode(item: QueueItem, data: Uint8Array, opcode: 1 | 2): void {
    const settings = { maxPayload: this.#maxPayload, skipUtf8Validation: this.#skipUtf8 };
    this.#decodeChain = item.pending = this.#decodeChain.then(() =>
      decodeMessage(this.#decoder!, data, opcode, settings).then(
        (decoded) => {
          item.event = { type: "message", opcode, data: decoded, rsv1: false };
          item.pending = null;
          // Backpressure counts what is held now: the decoded payload.
          if (!this.closingLocally) this.queue.resize(item, decoded.length + ITEM_OVERHEAD);
          if (!this.paused && this.#overHighWaterMark()) {
            this.paused = true;
            this.socket.pause();
          }
        },
        (error: WebSocketException) => {
          item.event = { type: "error", error };
          item.pending = null;
          this.localClose = true;
          this.protocol.fail(error.closeCode ?? 1007, "", error);
          this.#endSocketSoon();
        },
      ),
    );
  }

  #onShift(item: QueueItem | null): void {
    if (item !== null && item.event.type === "error") this.#commitFailure();
    if (
      this.paused &&
      (this.queue.length === 0 ||
        this.queue.bytes + this.protocol.bufferedBytes <= this.#highWaterMark / 2)
    ) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** `recvStreaming()`: the protocol streams the next message unless one is queued already. */
  streamNextMessage(): void {
    if (
      this.queue.some((item) => item.event.type === "message" || item.event.type === "fragment")
    ) {
      return;
    }
    this.protocol.streamMessage();
    for (const event of this.protocol.eventsReceived()) this.#onEvent(event);
  }

  /** Resumes reading if it was paused (closing needs the peer's close frame and FIN). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
  }

  #onEof(): void {
    this.protocol.receiveEof();
    for (const event of this.protocol.eventsReceived()) this.#onEvent(event);
  }

  #onSocketClose(): void {
    this.socketClosed = true;
    this.#clearTimers();
    this.#onEof();
    this.writer.failAll();
    this.pings.fail(this.currentClosedError());
    this.#wakeCloseWaiters();
    for (const session of this.#sessions) session.close();
  }

  // ---- writing and closing -------------------------------------------------

  /** Writes what the protocol has for the socket (pongs, close frames). */
  #flush(): void {
    const out = this.protocol.dataToSend();
    if (out.length === 0 || this.socket.destroyed || !this.socket.writable) return;
    this.writer.write(out)?.catch(() => undefined); // a lost socket is reported by recv
  }

  /** Until a close waiter is woken (or, with `socketGone`, the socket closed). */
  #closed(socketGone = false): Promise<void> {
    return new Promise((resolve) => {
      if (socketGone && this.socketClosed) resolve();
      else this.#closeWaiters.push(resolve);
    });
  }

  #wakeCloseWaiters(): void {
    for (const wake of this.#closeWaiters.splice(0)) wake();
  }

  #clearTimers(): void {
    if (this.#failTimer !== undefined) clearTimeout(this.#failTimer);
    if (this.#endTimer !== undefined) clearTimeout(this.#endTimer);
    this.#failTimer = undefined;
    this.#endTimer = undefined;
  }

  /** After the close exchange or a failure: FIN now, destroy if the peer lingers. */
  #endSocketSoon(): void {
    if (this.socketClosed || this.#endTimer !== undefined) return;
    this.#flush();
    this.resume(); // keep reading so the peer's FIN (and close frame) can arrive
    this.socket.end();
    this.#endTimer = setTimeout(() => this.#destroy(), DEFAULT_CLOSE_TIMEOUT);
    this.#endTimer.unref?.();
  }

  #destroy(): void {
    this.#endTimer = undefined;
    this.writer.uncork(); // frames sent in this tick still go out
    this.socket.destroy();
  }

  /** `WebSocket.close()`: close frame, the peer's (≤ `timeout` ms; later messages dropped), FIN. */
  async close(status: number, reason: string | Uint8Array, timeout: number | null): Promise<void> {
    if (this.socketClosed) return;
    this.closingLocally = true;
    if (this.protocol.closeRcvd === null) this.localClose = true;
    this.queue.clear();
    this.resume();
    // Bounded by `timeout`: the close frame may wait behind sends to a peer
    // that stopped reading.
    if (!(await settles(this.sender.sendClose(status, reason), timeout))) return this.shutdown();
    const protocol = this.protocol;
    if (protocol.closeRcvd === null && protocol.failure === null && !this.socketClosed) {
      await settles(this.#closed(), timeout); // the peer's close frame
    }
    if (!this.socketClosed) {
      this.socket.end();
      const ended = await settles(this.#closed(true), timeout ?? DEFAULT_CLOSE_TIMEOUT);
      if (!ended) this.#destroy();
    }
    this.queue.end(this.closedError(true));
  }

  /** Destroys the socket without a close frame; pending and later receives throw. */
  shutdown(): void {
    this.closingLocally = true;
    if (this.socketClosed) return;
    if (this.protocol.closeRcvd === null) this.localClose = true;
    const rcvd = this.protocol.closeRcvd;
    this.queue.end(
      new WebSocketConnectionClosedException("socket is already closed.", {
        closeCode: rcvd?.code,
        closeReason: rcvd?.reason,
      }),
    );
    this.#destroy();
  }

  // ---- how it ended -----------------------------------------------------------

  /** How the connection ended (see close-info.ts); null while open. */
  closeInfo(): CloseInfo | null {
    return closeInfo(this.protocol, this.socketClosed, this.localClose);
  }

  /** Why the connection is over, as `recv` reports it. */
  closedError(clean: boolean): WebSocketConnectionClosedException {
    return closedError(this.protocol, clean, this.closingLocally, this.#socketError);
  }

  /** The error the queue ended with, else {@link closedError} of a lost connection. */
  currentClosedError(): WebSocketConnectionClosedException {
    const ended = this.queue.ended;
    return ended instanceof WebSocketConnectionClosedException ? ended : this.closedError(false);
  }
}

/** True when `promise` settles (either way) within `timeout` ms (`null`: no limit). */
function settles(promise: Promise<unknown>, timeout: number | null): Promise<boolean> {
  return waitFor<unknown>((resolve) => void promise.then(resolve, resolve), { timeout }).then(
    () => true,
    () => false,
  );
}
