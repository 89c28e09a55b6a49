import type { Socket } from "node:net";
import { WebSocketException } from "@wsclient/errors";
import type { Connection } from "./connection.js";
import { describeType } from "./payload.js";
import { State } from "./protocol/state.js";

/**
 * What a `WebSocket` tells about its connection: state, handshake results,
 * how it ended, flow control. The base of `WebSocket` (which adds the calls).
 */
export class WebSocketInfo {
  /** The current connection, null before `connect`. */
  protected conn: Connection | null = null;
  /** The read (and send) timeout, ms; null = none. */
  protected readTimeout: number | null = null;

  /** Sets the read (and send) timeout, ms; `null` waits forever (Python: `settimeout`). */
  setTimeout(ms: number | null): void {
    if (ms !== null && (typeof ms !== "number" || Number.isNaN(ms) || ms < 0)) {
      throw new WebSocketException(
        `setTimeout() takes milliseconds or null, got ${describeType(ms)} (times are ms: 5000, not 5)`,
      );
    }
    this.readTimeout = ms;
  }

  /** The read timeout, ms (Python: `gettimeout`). */
  getTimeout(): number | null {
    return this.readTimeout;
  }

  /** The read timeout, ms. */
  get timeout(): number | null {
    return this.readTimeout;
  }

  set timeout(ms: number | null) {
    this.setTimeout(ms);
  }

  /** True while the connection is open and no close frame was sent. */
  get connected(): boolean {
    const conn = this.conn;
    return (
      conn !== null &&
      !conn.socketClosed &&
      conn.protocol.state === State.OPEN &&
      conn.protocol.closeSent === null
    );
  }

  /**
   * Once the closing handshake started or the connection ended: the close
   * code — the peer's close frame's, else the one of our failure, else 1006
   * (no close frame). `null` while open.
   */
  get closeCode(): number | null {
    return this.conn?.closeInfo()?.code ?? null;
  }

  /** The close reason that goes with {@link closeCode} (`""` when none). */
  get closeReason(): string | null {
    return this.conn?.closeInfo()?.reason ?? null;
  }

  /** Who started the closing: `"local"` (close(), a failure, abort) or `"remote"`; `null` while open. */
  get closedBy(): "local" | "remote" | null {
    return this.conn?.closeInfo()?.by ?? null;
  }

  /**
   * The last measured round trip, ms: a pong answering a ping sent with
   * `ping(payload, { waitPong: true })` (the app's keepalive pings so).
   * `null` until one was measured.
   */
  get latency(): number | null {
    return this.conn?.pings.latency ?? null;
  }

  /** The handshake's HTTP status (101). */
  get status(): number | undefined {
    return this.conn?.opened.response.status;
  }

  /** The handshake response headers (lower-case names). */
  get headers(): Record<string, string> | undefined {
    return this.conn?.opened.response.headers;
  }

  /** The subprotocol the server chose, or null. */
  get subprotocol(): string | null {
    return this.conn?.opened.negotiated.subprotocol ?? null;
  }

  /** The extensions in use, as negotiated (e.g. `["permessage-deflate; client_max_window_bits=15"]`). */
  get extensions(): string[] {
    return this.conn?.opened.extensions.map((e) => e.description) ?? [];
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
    return this.conn?.opened.connection.isSsl ?? false;
  }

  /** Received bytes held for `recv` (queued messages and the one being assembled); bounded by `readHighWaterMark`. */
  get queuedBytes(): number {
    const conn = this.conn;
    return conn === null ? 0 : conn.queue.bytes + conn.protocol.bufferedBytes;
  }

  /** True while reading is paused because held messages reached `readHighWaterMark`. */
  get readPaused(): boolean {
    return this.conn?.paused ?? false;
  }

  /** The underlying socket (Python: `sock`), or null before connect. */
  get sock(): Socket | null {
    return (this.conn?.socket as Socket | undefined) ?? null;
  }
}
