import { allocBytes, allocUnfilled, bytePool, EMPTY, view } from "./bytes.js";
import { maskInto } from "./mask.js";

/**
 * How the parser hands out a payload that lies within one chunk: `share`
 * (the default: a view when it fills half the chunk's memory, else a
 * copy), `view` (`zeroCopy`: always a view) or `own` (`ownPayloads`:
 * always a buffer of its own).
 */
export type PayloadMode = "share" | "view" | "own";

/**
 * `share`: payloads up to this size are copied into a shared 32 KiB slab
 * rather than pinning a large chunk (a slab of its own: transferring a
 * received payload's buffer must not detach frames waiting to be sent).
 */
const SHARE_SLAB_ITEM_MAX = 2048;
const shareSlab = bytePool(32 * 1024);
/** `own`: up to this size an exact-size array on the JS heap, copied byte by byte. */
const OWN_HEAP_MAX = 64;
/** `own`: up to this size a view of a {@link SpanCopy} (masked: of an 8 KiB slab); exact-size arrays beyond. */
const OWN_SLAB_ITEM_MAX = 4096;
/** `own`: bytes of the chunk one span copies at most, so a kept payload pins at most this. */
const SPAN_SIZE = 32 * 1024;
/** `own`, masked frames (the server side): 65 B-4 KiB carved from an 8 KiB slab, as Node's `Buffer` pool. */
const ownSlab = bytePool(8 * 1024);

/**
 * `own` payloads of 65 B-4 KiB: instead of a copy per payload, one copy of
 * up to 32 KiB of the chunk from the payload on — the frames after it
 * usually lie in it too — and each payload a view of that copy. One
 * `set` and one `ArrayBuffer` serve many small frames (creating the
 * buffers, not copying, was the cost); every byte of the copy is written
 * (no uninitialized memory behind a view); a kept payload pins at most
 * 32 KiB, never the chunk. A span is valid for one chunk only:
 * {@link SpanCopy.release} when the chunk is done (the caller may reuse its
 * memory for the next one).
 */
export class SpanCopy {
  #chunk: Uint8Array | null = null;
  #from = 0;
  #to = 0;
  #copy: ArrayBuffer | null = null;

  /** `chunk[pos..pos+n)` as a view of a copy made for this chunk. */
  take(chunk: Uint8Array, pos: number, n: number): Uint8Array {
    if (chunk !== this.#chunk || pos < this.#from || pos + n > this.#to) {
      const len = Math.min(chunk.length - pos, SPAN_SIZE);
      const copy = allocUnfilled(len);
      copy.set(view(chunk, pos, len));
      this.#chunk = chunk;
      this.#from = pos;
      this.#to = pos + len;
      this.#copy = copy.buffer as ArrayBuffer;
    }
    return new Uint8Array(this.#copy!, pos - this.#from, n);
  }

  /** Forgets the chunk (and the copy: later spans start anew). */
  release(): void {
    this.#chunk = null;
    this.#copy = null;
    this.#to = 0;
  }
}

/**
 * The payload `chunk[pos..pos+n)`, unmasked with `key` (a masked frame's
 * key word, else null) — a view or a copy as `mode` says. Masked payloads
 * are always copied, so the caller's chunk is never changed.
 */
export function takePayload(
  chunk: Uint8Array,
  pos: number,
  n: number,
  mode: PayloadMode,
  key: number | null,
  span: SpanCopy | null,
): Uint8Array {
  if (n === 0) return EMPTY;
  if (mode === "own") {
    if (n <= OWN_HEAP_MAX) return copyInto(chunk, pos, n, new Uint8Array(n), key);
    if (n > OWN_SLAB_ITEM_MAX) return copyInto(chunk, pos, n, allocBytes(n), key);
    if (key === null && span !== null) return span.take(chunk, pos, n);
    return copyInto(chunk, pos, n, ownSlab(n), key);
  }
  if (key === null && (mode === "view" || n * 2 >= chunk.buffer.byteLength)) {
    return view(chunk, pos, n);
  }
  return copyInto(chunk, pos, n, n <= SHARE_SLAB_ITEM_MAX ? shareSlab(n) : allocBytes(n), key);
}

/** `chunk[pos..pos+n)` into `data`, unmasked with `key` when not null. */
function copyInto(
  chunk: Uint8Array,
  pos: number,
  n: number,
  data: Uint8Array,
  key: number | null,
): Uint8Array {
  if (key !== null) {
    maskInto(view(chunk, pos, n), data, 0, key);
  } else if (n <= 64) {
    for (let i = 0; i < n; i++) data[i] = chunk[pos + i]!;
  } else {
    data.set(view(chunk, pos, n));
  }
  return data;
}
