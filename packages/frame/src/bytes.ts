import { usageError } from "./frame-errors.js";

const encoder = new TextEncoder();

type UnsafeAlloc = { allocUnsafeSlow?: (n: number) => Uint8Array };
const nodeBuffer = (globalThis as { Buffer?: UnsafeAlloc }).Buffer;
const allocUnsafeSlow =
  typeof nodeBuffer?.allocUnsafeSlow === "function" ? nodeBuffer.allocUnsafeSlow : undefined;

/**
 * A new array of `n` bytes that the caller will overwrite entirely. Where the
 * runtime has Node's `Buffer` (Node, Bun, Deno), large ones skip the zero
 * fill, which for a 1 MiB frame costs more than masking it; elsewhere a plain
 * `new Uint8Array(n)`. Always returns a plain `Uint8Array`.
 */
export function allocBytes(n: number): Uint8Array {
  return n >= 4096 ? allocUnfilled(n) : new Uint8Array(n);
}

/**
 * A new array of `n` bytes that the caller overwrites entirely before anyone
 * sees it: no zero fill at any size where the runtime has Node's `Buffer`.
 */
export function allocUnfilled(n: number): Uint8Array {
  if (allocUnsafeSlow === undefined) return new Uint8Array(n);
  const b = allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/**
 * A carver of small arrays from shared `size`-byte buffers, as Node's
 * `Buffer.allocUnsafe` pool does: a fresh `ArrayBuffer` per small frame costs
 * more than the work on it. Each slice starts 8-byte aligned, so later 32-bit
 * access stays aligned. A new buffer is started when one is full, or was
 * transferred (detached) by a caller.
 */
export function bytePool(size: number): (n: number) => Uint8Array {
  let pool = new Uint8Array(0);
  let pos = 0;
  return (n) => {
    if (pos + n > pool.length) {
      pool = new Uint8Array(size);
      pos = 0;
    }
    const out = new Uint8Array(pool.buffer, pos, n);
    pos = (pos + n + 7) & ~7;
    return out;
  };
}

/** A shared empty payload; zero-length views have nothing to mutate. */
export const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * `src[pos..pos+n)` as a new view. Faster than `subarray`, which looks up a
 * species constructor, and always a plain `Uint8Array`.
 */
export function view(src: Uint8Array, pos: number, n: number): Uint8Array {
  return new Uint8Array(src.buffer, src.byteOffset + pos, n);
}

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `value` as bytes: strings are UTF-8 encoded, byte arrays returned as they are. */
export function toBytes(value: Uint8Array | string | null | undefined, what: string): Uint8Array {
  if (value == null) return new Uint8Array(0);
  if (typeof value === "string") return utf8Encode(value);
  if (value instanceof Uint8Array) return value;
  throw usageError(`${what} must be a Uint8Array or a string, got ${typeOf(value)}`);
}

/**
 * A string of code points 0-255 as bytes, one byte each (Python's latin-1),
 * the way mask keys given as strings are read.
 */
export function latin1Bytes(value: Uint8Array | string, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value !== "string") {
    throw usageError(`${what} must be a Uint8Array or a string, got ${typeOf(value)}`);
  }
  const out = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) {
      throw usageError(`${what} must only hold characters U+0000-U+00FF`);
    }
    out[i] = c;
  }
  return out;
}

/** A short description of a value's type for error messages. */
export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "object";
}
