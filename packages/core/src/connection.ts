import type { Socket } from "node:net";
import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { CloseHandshake } from "./close-handshake.js";
import type { ExtensionSession } from "./extension.js";
import { FrameWriter } from "./frame-writer.js";
import type { OpenedConnection } from "./open-handshake.js";
import type { WebSocketOptions } from "./options.js";
import { ClientProtocol, DEFAULT_MAX_PAYLOAD } from "./protocol/client-protocol.js";
import { Reader } from "./reader.js";
import { ReceiveHandlers } from "./receive-handlers.js";
import { ReceiveQueue } from "./receive-queue.js";
import type { TraceHandler } from "./trace.js";

/** What a {@link Connection} takes from the `WebSocket` that opened it. */
export interface ConnectionSettings {
  options: WebSocketOptions;
  trace: TraceHandler | null;
  /** The read (and send-drain) timeout in effect, ms; it may change at any time. */
  timeout: () => number | null;
  /** The caller's masking-key source, if any. */
  getMaskKey: ((n: number) => Uint8Array) | undefined;
}

/**
 * One opened connection: the socket, the protocol state machine and the
 * receive queue, with the parts that drive them — the {@link Reader}
 * (socket → protocol → queue, backpressure), the {@link FrameWriter}
 * (ordered writes, 'drain' waits), the {@link CloseHandshake} (close and
 * failure timing) and the {@link ReceiveHandlers} (queue items → `recv*`
 * results). A `WebSocket` makes a new one per `connect`.
 */
export class Connection {
  readonly socket: Socket;
  readonly protocol: ClientProtocol;
  readonly queue: ReceiveQueue = new ReceiveQueue();
  readonly opened: OpenedConnection;
  readonly extensions: ExtensionSession[];
  /** The extension that claimed RSV1 (decodes received messages), if any. */
  readonly rsv1Extension: ExtensionSession | null;
  readonly options: WebSocketOptions;
  readonly maxPayload: number;
  readonly trace: TraceHandler | null;
  readonly timeout: () => number | null;

  readonly reader: Reader;
  readonly writer: FrameWriter;
  readonly closer: CloseHandshake;
  readonly handlers: ReceiveHandlers;

  /** `close()` or `shutdown()` was called: late messages are discarded. */
  closingLocally = false;
  /** The socket emitted 'close'. */
  socketClosed = false;
  /** The socket's first error, the cause of a lost connection. */
  socketError: Error | null = null;

  constructor(opened: OpenedConnection, settings: ConnectionSettings) {
    const options = settings.options;
    this.opened = opened;
    this.options = options;
    this.trace = settings.trace;
    this.timeout = settings.timeout;
    this.extensions = opened.extensions;
    this.rsv1Extension = opened.extensions.find((e) => e.rsv1) ?? null;
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.protocol = new ClientProtocol({
      maxPayload: this.maxPayload,
      skipUtf8Validation: options.skipUtf8Validation,
      fireContFrame: options.fireContFrame,
      maxPendingPongs: options.maxPendingPongs,
      allowRsv1: this.rsv1Extension !== null,
      deferFailureClose: true,
      // Views of socket chunks; the receive queue counts the chunks they pin.
      zeroCopy: true,
      getMaskKey: settings.getMaskKey,
    });
    this.socket = opened.connection.socket as Socket;
    this.writer = new FrameWriter(this);
    this.closer = new CloseHandshake(this);
    this.reader = new Reader(this);
    this.handlers = new ReceiveHandlers(this);
  }

  /** Wires the socket's events, feeds the bytes that came with the handshake, starts reading. */
  start(): void {
    const socket = this.socket;
    const reader = this.reader;
    socket.on("data", (chunk: Buffer) => reader.onData(chunk));
    socket.on("end", () => reader.onEof());
    socket.on("error", (err) => {
      this.socketError ??= err;
    });
    socket.on("close", () => this.#onSocketClose());
    socket.on("drain", () => this.writer.flush());
    if (this.opened.rest.length > 0) reader.onData(this.opened.rest);
    if (!reader.paused) socket.resume();
  }

  #onSocketClose(): void {
    this.socketClosed = true;
    this.closer.clearTimers();
    this.reader.onEof();
    this.closer.wake();
    for (const ext of this.extensions) ext.close();
  }

  /** The protocol, or the closed error when the socket is gone. */
  requireProtocol(): ClientProtocol {
    if (this.socketClosed) throw this.currentClosedError();
    return this.protocol;
  }

  /** Why the connection is over, as `recv` reports it. */
  closedError(clean: boolean): WebSocketConnectionClosedException {
    const protocol = this.protocol;
    const rcvd = protocol.closeRcvd;
    if (rcvd) return peerClosedError(rcvd.code, rcvd.reason);
    const failure = protocol.failure;
    if (failure) {
      return new WebSocketConnectionClosedException(
        `Connection closed after an error: ${failure.message}`,
        { closeCode: failure.closeCode, cause: failure },
      );
    }
    if (this.closingLocally) {
      return new WebSocketConnectionClosedException("socket is already closed.", {
        closeCode: protocol.closeSent?.code,
      });
    }
    const cause = this.socketError ?? undefined;
    return new WebSocketConnectionClosedException(
      clean ? "Connection is already closed." : "Connection to remote host was lost.",
      { closeCode: 1006, cause },
    );
  }

  /** The error the queue ended with, else {@link closedError} of a lost connection. */
  currentClosedError(): WebSocketConnectionClosedException {
    const ended = this.queue.ended;
    return ended instanceof WebSocketConnectionClosedException ? ended : this.closedError(false);
  }
}

/** The peer's close frame as the error `recv` throws after it. */
export function peerClosedError(code: number, reason: string): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException(
    `Connection closed by the peer (code ${code}${reason ? `, reason "${reason}"` : ""})`,
    { closeCode: code, closeReason: reason },
  );
}

/** The error of any operation before `connect`. */
export function notConnectedError(): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException("socket is already closed.");
}
