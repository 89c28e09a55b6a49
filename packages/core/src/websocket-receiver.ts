import { WebSocketConnectionClosedException } from "@wsclient/errors";
import type { ABNF, Opcode } from "@wsclient/frame";
import { recvArgs } from "./call-args.js";
import type { RecvOptions } from "./options.js";
import type { ReceiveHandlers } from "./receive-handlers.js";
import { NOT_READY, type QueueItem, type SKIP } from "./receive-queue.js";
import { WebSocketInfo } from "./websocket-info.js";

/** The error of any operation before `connect`. */
export function notConnectedError(): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException("socket is already closed.");
}

const WAIT_MESSAGE = "Connection timed out waiting for data";

/** What the receive handler `K` hands out. */
type Taken<K extends keyof ReceiveHandlers> = Exclude<ReturnType<ReceiveHandlers[K]>, typeof SKIP>;

/**
 * The receiving half of a `WebSocket`: Python's `recv`, `recv_data`,
 * `recv_data_frame`, `recv_frame`, and `for await`. Pull-only: each call
 * takes the next item of the connection's receive queue.
 */
export class WebSocketReceiver extends WebSocketInfo implements AsyncIterable<string | Uint8Array> {
  /** Takes the next item `handle` accepts from the connection's queue. */
  #take<K extends keyof ReceiveHandlers>(
    where: string,
    kind: K,
    options: RecvOptions | undefined,
  ): Promise<Taken<K>> {
    type T = Taken<K>;
    const conn = this.conn;
    if (conn === null) return Promise.reject(notConnectedError());
    const handle = conn.handlers[kind] as (item: QueueItem) => T | typeof SKIP;
    if (options === undefined) {
      // A message is usually queued already: take it without a wait.
      let result: T | typeof NOT_READY;
      try {
        result = conn.queue.poll(handle);
      } catch (err) {
        return Promise.reject(err);
      }
      if (result !== NOT_READY) return Promise.resolve(result);
      return conn.queue.take(handle, { timeout: this.readTimeout, timeoutMessage: WAIT_MESSAGE });
    }
    try {
      recvArgs(where, options);
    } catch (err) {
      return Promise.reject(err);
    }
    return conn.queue.take(handle, {
      timeout: options.timeout === undefined ? this.readTimeout : options.timeout,
      signal: options.signal,
      timeoutMessage: WAIT_MESSAGE,
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
    return this.#take("recv()", "recv", options);
  }

  /**
   * Receives `[opcode, data]` (Python: `recv_data`). The peer's close frame
   * is returned once as `[OPCODE_CLOSE, payload]`; with `controlFrame`, pings
   * and pongs are returned too.
   */
  recvData(controlFrame = false, options?: RecvOptions): Promise<[Opcode, Uint8Array]> {
    return this.#take("recvData()", controlFrame ? "recvDataControl" : "recvData", options);
  }

  /**
   * Receives `[opcode, frame]` (Python: `recv_data_frame`). A message comes
   * as one frame with fin=1, the message's opcode and all its data.
   */
  recvDataFrame(controlFrame = false, options?: RecvOptions): Promise<[Opcode, ABNF]> {
    return this.#take(
      "recvDataFrame()",
      controlFrame ? "recvDataFrameControl" : "recvDataFrame",
      options,
    );
  }

  /**
   * Receives the next frame of any kind, ping, pong and close included
   * (Python: `recv_frame`). A fragmented message comes as one assembled
   * frame; with `fireContFrame`, as the frames the peer sent.
   */
  recvFrame(options?: RecvOptions): Promise<ABNF> {
    return this.#take("recvFrame()", "recvFrame", options);
  }

  /**
   * Receives the next message piece by piece as it arrives (python-websockets'
   * `recv_streaming`): an async iterator over its fragments — strings for
   * text (decoded on UTF-8 boundaries), `Uint8Array`s for binary — so a
   * message larger than memory can be consumed with memory bounded by
   * `readHighWaterMark` (a fragment is held whole, so the peer's fragment
   * size bounds it too). A message already received, or a compressed one,
   * comes as one piece. Leaving the loop early reads and drops the rest of
   * the message.
   *
   * ```ts
   * for await (const piece of ws.recvStreaming()) file.write(piece);
   * ```
   */
  async *recvStreaming(
    options?: RecvOptions,
  ): AsyncGenerator<string | Uint8Array, void, undefined> {
    const conn = this.conn;
    if (conn === null) throw notConnectedError();
    conn.streamNextMessage();
    let fin = false;
    try {
      while (!fin) {
        const piece = await this.#take("recvStreaming()", "recvPiece", options);
        fin = piece.fin;
        yield piece.data;
      }
    } finally {
      while (!fin) fin = (await this.#take("recvStreaming()", "recvPiece", options)).fin;
    }
  }

  /**
   * `for await (const msg of ws)`: every message until the peer closes the
   * connection; throws on a protocol error or a lost connection. `break`
   * leaves the connection open (close it, or use `await using`).
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
}
