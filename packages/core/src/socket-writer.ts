import type { Duplex } from "node:stream";
import { type WebSocketException, WebSocketTimeoutException } from "@wsclient/errors";
import { schedule } from "./deadlines.js";
import { traceSent } from "./frame-trace.js";
import type { TraceHandler } from "./trace.js";

const RESOLVED: Promise<void> = Promise.resolve();

/** What a {@link SocketWriter} needs besides the socket. */
export interface SocketWriterOptions {
  trace: TraceHandler | null;
  /** The longest wait for the kernel to take a write, ms (`null`: forever); read at each write. */
  timeout: () => number | null;
  /** The error a write fails with once the socket is gone. */
  closedError: () => WebSocketException;
  /** Called with each chunk Node is done with after a write that succeeded (its memory may be reused). */
  release?: (chunk: Uint8Array) => void;
}

/** A write whose bytes the kernel has not taken yet. */
interface Waiter {
  /** The write's number: it is done when Node has called back this many writes. */
  seq: number;
  /** The write's chunks, released when it completes. */
  chunks: readonly Uint8Array[];
  resolve: () => void;
  reject: (err: unknown) => void;
  cancel: (() => void) | null;
}

/**
 * Writes frames to the socket, in call order, and says when the kernel has
 * them: `write` resolves once its last byte reached the kernel (the
 * socket's write callback; as Python's `sendall` returns), so a resolved
 * send survives a close, a timeout or an `abort()` — nothing resolved sits
 * in Node's buffer.
 *
 * The common case costs no tick: a write to an idle socket goes straight to
 * the kernel and, when the kernel took it all at once (`writableLength`
 * back to 0), resolves at once. Writes issued in a burst — a second one
 * before any microtask ran, e.g. sends not awaited one by one — are corked
 * until the next tick and leave in one `writev`; they resolve on their
 * write callbacks.
 */
export class SocketWriter {
  readonly #socket: Duplex;
  readonly #options: SocketWriterOptions;
  /** Writes handed to Node with {@link #onWritten}, and those Node called back. */
  #written = 0;
  #calledBack = 0;
  #waiters: Waiter[] = [];
  /** A write went out since the last microtask checkpoint. */
  #burst = false;
  #corked = false;
  readonly #endBurst = () => {
    this.#burst = false;
  };
  readonly #uncorkSoon = () => this.uncork();
  readonly #onWritten = (err?: Error | null) => this.#calledBackOne(err);

  constructor(socket: Duplex, options: SocketWriterOptions) {
    this.#socket = socket;
    this.#options = options;
  }

  /**
   * Writes `chunks` in order. Returns null when the kernel took every byte
   * during the call (nothing to wait for: the common case costs no promise),
   * else a promise that resolves when the kernel has all of them.
   */
  write(chunks: readonly Uint8Array[]): Promise<void> | null {
    const socket = this.#socket;
    if (socket.destroyed || !socket.writable) return Promise.reject(this.#options.closedError());
    const n = chunks.length;
    if (n === 0) return null;
    const trace = this.#options.trace;
    if (trace !== null) for (const chunk of chunks) traceSent(trace, chunk);
    if (!this.#corked) {
      if (this.#burst) {
        this.#corked = true;
        socket.cork();
        process.nextTick(this.#uncorkSoon);
      } else {
        this.#burst = true;
        // A reaction on a settled promise: a microtask without the
        // AsyncResource and bind that Node's queueMicrotask makes per call.
        void RESOLVED.then(this.#endBurst);
      }
    }
    for (let i = 0; i < n - 1; i++) socket.write(chunks[i]!);
    socket.write(chunks[n - 1]!, this.#onWritten);
    const seq = ++this.#written;
    // Uncorked and idle: the kernel took it all during the call.
    if (!this.#corked && socket.writableLength === 0) {
      this.#release(chunks);
      return null;
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { seq, chunks, resolve, reject, cancel: null };
      const timeout = this.#options.timeout();
      if (timeout !== null && Number.isFinite(timeout)) {
        waiter.cancel = schedule(Math.max(0, timeout), () => {
          const i = this.#waiters.indexOf(waiter);
          if (i >= 0) this.#waiters.splice(i, 1);
          reject(new WebSocketTimeoutException("Connection timed out waiting to send"));
        });
      }
      this.#waiters.push(waiter);
    });
  }

  /**
   * Node called back one write (in write order): settle the waiters it
   * completes. Once the socket is destroyed a callback proves nothing —
   * Node calls back writes the kernel never took with no error — so those
   * sends fail: a send resolves only when its bytes are known to be in the
   * kernel.
   */
  #calledBackOne(err: Error | null | undefined): void {
    const seq = ++this.#calledBack;
    const waiters = this.#waiters;
    const failed = err != null || this.#socket.destroyed;
    while (waiters.length > 0 && waiters[0]!.seq <= seq) {
      const waiter = waiters.shift()!;
      waiter.cancel?.();
      if (failed) {
        waiter.reject(this.#options.closedError());
      } else {
        this.#release(waiter.chunks);
        waiter.resolve();
      }
    }
  }

  /** Node is done with `chunks`: hand them back (a failed or timed-out write's are left to the GC). */
  #release(chunks: readonly Uint8Array[]): void {
    const release = this.#options.release;
    if (release !== undefined) for (const chunk of chunks) release(chunk);
  }

  /** Bytes handed to the socket that the kernel has not taken yet. */
  get pendingBytes(): number {
    return this.#socket.writableLength;
  }

  /** Hands the frames corked in this tick to the kernel now (before a destroy). */
  uncork(): void {
    if (!this.#corked) return;
    this.#corked = false;
    const socket = this.#socket;
    if (socket.writableCorked > 0) socket.uncork();
  }

  /** The socket is gone: every write still waiting fails. */
  failAll(): void {
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cancel?.();
      waiter.reject(this.#options.closedError());
    }
  }
}
