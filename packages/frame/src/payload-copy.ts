import { allocBytes, bytePool, EMPTY, view } from "./bytes.js";
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
/** `own`: up to this size carved from an 8 KiB slab (as Node's `Buffer` pool); exact-size arrays beyond. */
const OWN_SLAB_ITEM_MAX = 4096;
const ownSlab = bytePool(8 * 1024);

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
): Uint8Array {
  if (n === 0) return EMPTY;
  if (mode === "own") {
    if (n <= OWN_HEAP_MAX) return copyInto(chunk, pos, n, new Uint8Array(n), key);
    return copyInto(chunk, pos, n, n <= OWN_SLAB_ITEM_MAX ? ownSlab(n) : allocBytes(n), key);
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
