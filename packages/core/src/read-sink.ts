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
 * Not `net.connect({ onread })` into one reused buffer: measured, large
 * messages then fault in every page of their new buffer far more often
 * (glibc trims the freed message buffers back to the kernel) and were up
 * to 2.6× slower, small ones no faster (docs/decisions.md).
 */
export class ReadSink {
  /** The current reader of the socket's bytes. */
  sink: ChunkSink = ignore;

  /** Reads `socket` through `'data'` events, into whichever {@link sink} is current. */
  attach(socket: Duplex): void {
    socket.on("data", (chunk: Uint8Array) => this.sink(chunk));
  }
}
