import type { Duplex } from "node:stream";

/** Bytes per read with `onread` (one reused buffer): as Node's own reads, so one read of tiny frames (a ping flood) queues at most ~64 Ki items beyond the mark. */
export const READ_BUFFER_SIZE = 64 * 1024;

/** Where a socket's bytes go: one function, replaced as the connection moves on. */
export type ChunkSink = (chunk: Uint8Array) => void;

/**
 * Zero-copy reads: `target()` gives where the next read may go straight
 * (into a large payload being received) or null; `written(n)` is told when
 * a read filled it.
 */
export interface DirectReads {
  target: () => Uint8Array | null;
  written: (n: number) => void;
}

const ignore: ChunkSink = () => {};

/**
 * The one entrance of received bytes. For a TCP or Unix socket the
 * transport opens, Node reads straight into one reused buffer
 * (`net.connect({ onread })`, given as {@link onread}) and the sink sees a
 * view of it that is valid only during the call; any other socket (TLS, a
 * proxy tunnel, the caller's own) is read through `'data'` events. Either
 * way the opening handshake reads first, then the connection: each sets
 * {@link sink} in turn, so no byte has two readers.
 */
export class ReadSink {
  /** The current reader of the socket's bytes. */
  sink: ChunkSink = ignore;
  /** Set by the connection: reads that may go straight into a payload. */
  direct: DirectReads | null = null;
  /** The `onread` option for `net.connect` (see the transport's `onread`). */
  readonly onread: {
    buffer: () => Uint8Array;
    callback: (n: number, buffer: Uint8Array) => void;
  };

  constructor() {
    const buffer = new Uint8Array(READ_BUFFER_SIZE);
    this.onread = {
      // Node asks before each read: a large payload in progress is read into
      // its own buffer (no copy), anything else into the reused one.
      buffer: () => this.direct?.target() ?? buffer,
      callback: (n, buf) => {
        if (buf.buffer === buffer.buffer) this.sink(new Uint8Array(buf.buffer, buf.byteOffset, n));
        else this.direct!.written(n);
      },
    };
  }

  /** Reads `socket` through `'data'` events unless the transport set it up with {@link onread}. */
  attach(socket: Duplex, usesOnread: boolean): void {
    if (!usesOnread) socket.on("data", (chunk: Uint8Array) => this.sink(chunk));
  }
}
