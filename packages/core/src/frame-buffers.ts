import { Buffer } from "node:buffer";

/** Free buffers kept for reuse, at most. */
const MAX_FREE = 2;
/** Larger frames' buffers are not kept: a kept buffer idles in memory until reused. */
const MAX_KEPT = 4 * 1024 * 1024;

const free: ArrayBuffer[] = [];
/** Buffers handed out and not yet back: only these may be released (once). */
const lent = new WeakSet<ArrayBuffer>();

/**
 * Buffers for the large frames (over 4 KiB) the client sends, reused once
 * the kernel has an earlier frame's bytes. A fresh multi-megabyte array is
 * paged in by the kernel at its first write and handed back to it by the
 * allocator when freed, so a stream of large sends pays page faults on every
 * byte (measured A/B on loopback: send 1 MiB 1,186-2,499 → 2,970-3,332
 * MiB/s). Process-wide, at most two buffers of at most 4 MiB idle: memory
 * does not grow with the number of connections.
 *
 * A frame's buffer comes back through {@link releaseFrameBuffer} only when
 * its write is known complete (the socket's write callback, or the kernel
 * took it during the call); one whose write failed or timed out is left to
 * the garbage collector, as Node may still hold it.
 */
export function allocFrameBuffer(n: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const len = free[i]!.byteLength;
    if (len >= n && (best < 0 || len < free[best]!.byteLength)) best = i;
  }
  let buffer: ArrayBuffer;
  if (best >= 0) {
    buffer = free[best]!;
    free.splice(best, 1);
  } else {
    // Unfilled: the frame overwrites every byte it uses.
    const fresh = Buffer.allocUnsafeSlow(n);
    buffer = fresh.buffer as ArrayBuffer;
  }
  lent.add(buffer);
  return new Uint8Array(buffer, 0, n);
}

/** `frame`'s write completed: its buffer may serve a later frame (ignored unless it came from {@link allocFrameBuffer}). */
export function releaseFrameBuffer(frame: Uint8Array): void {
  const buffer = frame.buffer as ArrayBuffer;
  if (!lent.delete(buffer) || buffer.byteLength > MAX_KEPT) return;
  if (free.length < MAX_FREE) {
    free.push(buffer);
    return;
  }
  // Full: keep the larger buffers, which serve more frames.
  let smallest = 0;
  for (let i = 1; i < free.length; i++) {
    if (free[i]!.byteLength < free[smallest]!.byteLength) smallest = i;
  }
  if (free[smallest]!.byteLength < buffer.byteLength) free[smallest] = buffer;
}
