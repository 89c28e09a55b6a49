import { WebSocketConnectionClosedException, WebSocketTimeoutException } from "@wsclient/errors";
import type { Connection } from "./connection.js";
import { DEFAULT_CLOSE_TIMEOUT } from "./defaults.js";
import { waitFor } from "./wait.js";

/**
 * The closing side of a connection: `close()` (close frame, wait for the
 * peer's, end the socket), `shutdown()`, ending the socket after the close
 * exchange or a failure, and holding a failure's close frame while earlier
 * messages are still being taken.
 */
export class CloseHandshake {
  readonly #conn: Connection;
  /** Woken when the peer's close frame (or a failure, or the socket's 'close') arrives. */
  #waiters: Array<() => void> = [];
  #endTimer: ReturnType<typeof setTimeout> | undefined;
  #failTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(conn: Connection) {
    this.#conn = conn;
  }

  /** Wakes everything waiting for the peer's close frame or the socket's end. */
  wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** The socket closed: no timer is needed any more. */
  clearTimers(): void {
    if (this.#failTimer !== undefined) clearTimeout(this.#failTimer);
    this.#failTimer = undefined;
    if (this.#endTimer !== undefined) clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
  }

  /** Sends the held failure close frame after `ms` unless the caller reaches the error first. */
  commitFailureAfter(ms: number): void {
    this.#failTimer = setTimeout(() => this.commitFailure(), ms);
    this.#failTimer.unref?.();
  }

  /** Sends the held failure close frame and ends the socket. */
  commitFailure(): void {
    if (this.#failTimer !== undefined) clearTimeout(this.#failTimer);
    this.#failTimer = undefined;
    const protocol = this.#conn.protocol;
    if (!protocol.failurePending) return;
    protocol.commitFailure();
    this.#conn.writer.flush();
    this.endSocketSoon();
  }

  /** After the close exchange or a failure: FIN now, destroy if the peer lingers. */
  endSocketSoon(): void {
    const conn = this.#conn;
    const socket = conn.socket;
    if (conn.socketClosed || this.#endTimer !== undefined) return;
    conn.writer.flush();
    // Keep reading so the peer's FIN (and its close frame) can arrive.
    conn.reader.resume();
    socket.end();
    this.#endTimer = setTimeout(() => {
      this.#endTimer = undefined;
      socket.destroy();
    }, DEFAULT_CLOSE_TIMEOUT);
    this.#endTimer.unref?.();
  }

  /**
   * `WebSocket.close()`: sends a close frame, waits up to `timeout` ms for
   * the peer's, then ends the socket. Messages arriving meanwhile are
   * discarded. Never throws for a connection that is already gone.
   */
  async close(status: number, reason: string | Uint8Array, timeout: number | null): Promise<void> {
    const conn = this.#conn;
    const protocol = conn.protocol;
    if (conn.socketClosed) return;
    conn.closingLocally = true;
    conn.queue.clear();
    conn.reader.resume();
    try {
      // Bounded by `timeout` too: the close frame may queue behind sends that
      // wait for a peer which stopped reading.
      const sent = conn.writer.sendClose(status, reason);
      await waitFor<void>((resolve, reject) => void sent.then(resolve, reject), { timeout });
    } catch (err) {
      if (!(err instanceof WebSocketConnectionClosedException)) {
        this.shutdown();
        if (err instanceof WebSocketTimeoutException) return;
        throw err;
      }
    }
    if (protocol.closeRcvd === null && protocol.failure === null && !conn.socketClosed) {
      await waitFor<void>(
        (resolve) => {
          this.#waiters.push(resolve);
        },
        { timeout },
      ).catch(() => undefined);
    }
    await this.#endSocket(timeout);
    conn.queue.end(conn.closedError(true));
  }

  /** Ends the socket (FIN) and destroys it if it has not closed within `timeout`. */
  async #endSocket(timeout: number | null): Promise<void> {
    const conn = this.#conn;
    const socket = conn.socket;
    if (conn.socketClosed) return;
    socket.end();
    await waitFor<void>(
      (resolve) => {
        this.#waiters.push(resolve);
        if (conn.socketClosed) resolve();
      },
      { timeout: timeout ?? DEFAULT_CLOSE_TIMEOUT },
    ).catch(() => undefined);
    if (!conn.socketClosed) socket.destroy();
  }

  /** Destroys the socket without a close frame; pending and later receives throw. */
  shutdown(): void {
    const conn = this.#conn;
    conn.closingLocally = true;
    if (conn.socketClosed) return;
    const rcvd = conn.protocol.closeRcvd;
    conn.queue.end(
      new WebSocketConnectionClosedException("socket is already closed.", {
        closeCode: rcvd?.code,
        closeReason: rcvd?.reason,
      }),
    );
    conn.writer.uncork(); // frames sent in this tick still go out, as without corking
    conn.socket.destroy();
  }
}
