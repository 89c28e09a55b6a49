import type { Duplex } from "node:stream";

/**
 * Bytes per read: Node reads a socket 64 KiB at a time (libuv's suggested
 * size), so one `'data'` chunk — "one read" — is at most this; one read of
 * tiny frames (a ping flood) queues at most ~64 Ki items beyond the mark.
 */
export const READ_BUFFER_SIZE = 64 * 1024;

/** Where a socket's bytes go: one function, replaced as the connection moves on. */
export type ChunkSink = (chunk: Uint8Array) => void;

const ignore: ChunkSink = () => {};

/**
 * The one entrance of received bytes: every socket (TCP, Unix, TLS, a proxy
 * tunnel, the caller's own) is read through `'data'` events. The opening
 * handshake reads first, then the connection: each sets {@link sink} in
 * turn, so no byte has two readers.
 *
 * Not `net.connect({ onread })` into one reused buffer: measured on the
 * client benchmark, each large message then goes into memory that glibc
 * has just returned to the kernel (the freed payload buffers coalesce at
 * the top of the heap and are trimmed), so every page of it faults again —
 * 380-400 k page faults a run and 1.1-1.3 GB/s for 1 MiB messages, against
 * 20-100 k and 3.1-3.3 GB/s reading `'data'` chunks, with small messages
 * unchanged (docs/decisions.md).
 */
export class ReadSink {
  /** The current reader of the socket's bytes. */
  sink: ChunkSink = ignore;

  /** Reads `socket` through `'data'` events, into whichever {@link sink} is current. */
  attach(socket: Duplex): void {
    socket.on("data", (chunk: Uint8Array) => this.sink(chunk));
  }
}
