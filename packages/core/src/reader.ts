import type { Connection } from "./connection.js";
import { DEFAULT_FAILURE_DELAY, DEFAULT_READ_HIGH_WATER_MARK } from "./defaults.js";
import { decodeQueued } from "./extension-decode.js";
import { traceEvent } from "./frame-trace.js";
import type { MessageEvent } from "./protocol/events.js";
import type { ChunkPin, QueueItem } from "./receive-queue.js";

/**
 * Bytes a queued item counts for beyond its payload (the objects that hold
 * it), so a flood of empty messages or pings still reaches the high-water mark.
 */
const ITEM_OVERHEAD = 128;

/**
 * The read side of a connection: socket bytes → `ClientProtocol` → receive
 * queue, and backpressure — the socket is paused while untaken messages
 * reach `readHighWaterMark` bytes and resumed once they drop to half.
 */
export class Reader {
  /** True while reading is paused for backpressure. */
  paused = false;
  readonly #conn: Connection;
  readonly #highWaterMark: number;
  /** Extension decodes run one at a time, in message order. */
  #decodeChain: Promise<unknown> = Promise.resolve();

  constructor(conn: Connection) {
    this.#conn = conn;
    this.#highWaterMark = conn.options.readHighWaterMark ?? DEFAULT_READ_HIGH_WATER_MARK;
    conn.queue.onDrain = () => this.#maybeResume();
  }

  /** The socket's 'data'. */
  onData(chunk: Uint8Array): void {
    this.#conn.protocol.feedData(chunk);
    this.#processEvents(chunk.buffer);
    this.#conn.writer.flush();
  }

  /** The socket's 'end' (and 'close'). */
  onEof(): void {
    this.#conn.protocol.feedEof();
    this.#processEvents(null);
  }

  /** Resumes reading if it was paused (closing needs the peer's close frame and FIN). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.#conn.socket.resume();
  }

  /**
   * Queues the protocol's events. Payloads that are views of `chunk` (the
   * protocol hands out zero-copy views) share one {@link ChunkPin}: the
   * queue counts the chunk's whole memory once while any of them waits, so
   * a 16-byte message pinning a 64 KiB chunk counts as 64 KiB.
   */
  #processEvents(chunk: ArrayBufferLike | null): void {
    const conn = this.#conn;
    const queue = conn.queue;
    const trace = conn.trace;
    let pin: ChunkPin | null = null;
    for (const event of conn.protocol.eventsReceived()) {
      if (trace !== null) traceEvent(trace, event);
      switch (event.type) {
        case "eof":
          queue.end(conn.closedError(event.clean));
          break;
        case "close":
          queue.push({ event, size: 0, pending: null, pin: null });
          conn.closer.wake();
          // RFC 6455 §7.1.1: the client may close the TCP connection once it
          // has sent and received a close frame; the server SHOULD close first.
          conn.closer.endSocketSoon();
          break;
        case "error":
          queue.push({ event, size: 0, pending: null, pin: null });
          conn.closer.wake();
          if (queue.length <= 1 || conn.closingLocally) {
            conn.closer.commitFailure();
          } else {
            // Messages that arrived before the violation are still queued: let
            // the caller take (and answer) them before the close goes out —
            // until it reaches the error, or at most DEFAULT_FAILURE_DELAY ms.
            conn.closer.commitFailureAfter(DEFAULT_FAILURE_DELAY);
          }
          break;
        case "message":
          if (conn.closingLocally) break; // close() discards late messages, as Python
          if (event.data.buffer === chunk && chunk !== null) {
            pin ??= { bytes: chunk.byteLength, refs: 0 };
            this.#queueMessage(event, pin);
          } else {
            this.#queueMessage(event, null);
          }
          break;
        default: {
          if (conn.closingLocally) break;
          const data = event.data;
          if (data.buffer === chunk && chunk !== null) {
            pin ??= { bytes: chunk.byteLength, refs: 0 };
            queue.push({ event, size: ITEM_OVERHEAD, pending: null, pin });
          } else {
            queue.push({ event, size: data.length + ITEM_OVERHEAD, pending: null, pin: null });
          }
        }
      }
    }
    if (!this.paused && !conn.closingLocally && queue.bytes >= this.#highWaterMark) {
      // Backpressure: stop reading until the caller takes messages.
      this.paused = true;
      conn.socket.pause();
    }
  }

  #queueMessage(event: MessageEvent, pin: ChunkPin | null): void {
    const conn = this.#conn;
    const size = pin === null ? event.data.length + ITEM_OVERHEAD : ITEM_OVERHEAD;
    const item: QueueItem = { event, size, pending: null, pin };
    const ext = conn.rsv1Extension;
    if (ext !== null && event.rsv1) {
      this.#decodeChain = decodeQueued(
        item,
        event,
        ext,
        this.#decodeChain,
        conn.maxPayload,
        (error) => {
          conn.protocol.fail(error.closeCode ?? 1007, "", error);
          conn.protocol.eventsReceived(); // the error is delivered through the item
          conn.closer.commitFailure();
        },
      );
    }
    conn.queue.push(item);
  }

  #maybeResume(): void {
    if (this.paused && this.#conn.queue.bytes <= this.#highWaterMark / 2) {
      this.paused = false;
      this.#conn.socket.resume();
    }
  }
}
