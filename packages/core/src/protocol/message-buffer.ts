/**
 * Accumulates a fragmented message's payload in one growing buffer.
 *
 * Memory is bounded by bytes, not by a fragment count: 4 MiB sent as 65 536
 * fragments of 64 bytes costs one 4 MiB buffer (plus at most the doubling
 * slack), never 65 536 small views pinning socket chunks. Capacity grows by
 * doubling, capped at `cap` (the message size limit) when there is one.
 */
export class MessageBuffer {
  #buf: Uint8Array = new Uint8Array(0);
  #length = 0;

  constructor(private readonly cap: number) {}

  /** Bytes accumulated so far. */
  get length(): number {
    return this.#length;
  }

  /** Copies `data` in, growing the buffer when needed. */
  append(data: Uint8Array): void {
    const needed = this.#length + data.length;
    if (needed > this.#buf.length) {
      let size = Math.max(needed, this.#buf.length * 2, 1024);
      if (this.cap > 0 && size > this.cap) size = Math.max(needed, this.cap);
      const next = new Uint8Array(size);
      next.set(this.#buf.subarray(0, this.#length));
      this.#buf = next;
    }
    this.#buf.set(data, this.#length);
    this.#length = needed;
  }

  /** Hands out the message and resets. Trims the slack when it is large. */
  take(): Uint8Array {
    const len = this.#length;
    const buf = this.#buf;
    this.#buf = new Uint8Array(0);
    this.#length = 0;
    if (len === buf.length) return buf;
    // Keep at most 1/8 slack; otherwise copy to an exact-size buffer.
    if (buf.length - len <= len >>> 3) return buf.subarray(0, len);
    return buf.slice(0, len);
  }

  /** Drops everything. */
  reset(): void {
    this.#buf = new Uint8Array(0);
    this.#length = 0;
  }
}
