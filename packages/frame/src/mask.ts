import { allocBytes, view } from "./bytes.js";
import { usageError } from "./frame-errors.js";
import { WASM_BLOCK, wasmMasker } from "./mask-wasm.js";

/**
 * Up to this many bytes a plain byte loop is used. It is also V8's limit for
 * typed arrays stored on the JS heap (64 bytes): reading `.buffer` of one of
 * those moves its bytes off-heap, which costs more than the XOR itself.
 */
const SMALL = 72;
/** From this many bytes the WebAssembly SIMD path wins over 32-bit JS. */
const WASM_MIN = 512;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The 4 key bytes as one little-endian 32-bit word: key[0] in the low byte. */
export function keyWord(key: Uint8Array, at = 0): number {
  return key[at]! | (key[at + 1]! << 8) | (key[at + 2]! << 16) | (key[at + 3]! << 24);
}

/** The little-endian key word for a stream position with `phase` (0-3). */
function rotate(k: number, phase: number): number {
  const s = (phase & 3) << 3;
  return s === 0 ? k : (k >>> s) | (k << (32 - s));
}

let cachedBuffer: ArrayBufferLike | undefined;
let cachedView: Int32Array = new Int32Array(0);

/**
 * An `Int32Array` over the whole of `ab` (its first `byteLength >> 2` words).
 * The last one for a small buffer (the encoder's pool, a socket chunk) is
 * kept, so masking many frames in one buffer allocates no views.
 */
function int32View(ab: ArrayBufferLike): Int32Array {
  if (ab === cachedBuffer) return cachedView;
  const v = new Int32Array(ab, 0, ab.byteLength >> 2);
  if (ab.byteLength <= 65536) {
    cachedBuffer = ab;
    cachedView = v;
  }
  return v;
}

function byteSwap(w: number): number {
  return ((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24);
}

/**
 * XOR `src` into `dst` at `at` with the little-endian key word `kw` (in
 * place when `src` is that range of `dst`), block by block through
 * WebAssembly memory: copy in, SIMD XOR, copy out. Returns how many bytes it
 * did (a multiple of 64; 0 when short or without WebAssembly).
 */
function wasmXor(src: Uint8Array, dst: Uint8Array, at: number, kw: number): number {
  const n = src.length;
  const w = n >= WASM_MIN ? wasmMasker() : null;
  let i = 0;
  if (w !== null) {
    for (
      let len = Math.min(WASM_BLOCK, n) & ~63;
      len > 0;
      len = Math.min(WASM_BLOCK, n - i) & ~63
    ) {
      w.block.set(len === n ? src : view(src, i, len));
      w.x(len, kw);
      dst.set(w.head(len), at + i);
      i += len;
    }
  }
  return i;
}

/**
 * XOR `buf[start..end)` in place with the key word `k` (see {@link keyWord}),
 * where `buf[start]` is byte `phase` of the masked stream.
 *
 * RFC 6455 §5.3: "Octet i of the transformed data ("transformed-octet-i") is
 * the XOR of octet i of the original data ("original-octet-i") with octet at
 * index i modulo 4 of the masking key ("masking-key-octet-j")".
 *
 * Large ranges go through WebAssembly ({@link wasmXor}); the rest 32 bits at
 * a time through an `Int32Array` on the aligned middle; small ranges byte by
 * byte.
 */
export function xorRange(
  buf: Uint8Array,
  start: number,
  end: number,
  k: number,
  phase: number,
): void {
  let i = start;
  if (end - i >= WASM_MIN) {
    i += wasmXor(
      start === 0 && end === buf.length ? buf : view(buf, start, end - start),
      buf,
      start,
      rotate(k, phase),
    );
  }
  if (end - i > SMALL) {
    // Bytes up to the first 4-byte aligned address, then whole words.
    for (const stop = i + ((4 - ((buf.byteOffset + i) & 3)) & 3); i < stop; i++) {
      buf[i]! ^= k >>> (((i - start + phase) & 3) << 3);
    }
    const words = (end - i) >>> 2;
    const kw = rotate(k, i - start + phase);
    const kn = LITTLE_ENDIAN ? kw : byteSwap(kw);
    const v = int32View(buf.buffer);
    let j = (buf.byteOffset + i) >> 2;
    const stopWords = j + words;
    for (const stop = stopWords - 3; j < stop; j += 4) {
      v[j]! ^= kn;
      v[j + 1]! ^= kn;
      v[j + 2]! ^= kn;
      v[j + 3]! ^= kn;
    }
    for (; j < stopWords; j++) v[j]! ^= kn;
    i += words << 2;
  }
  for (; i < end; i++) buf[i]! ^= k >>> (((i - start + phase) & 3) << 3);
}

/**
 * Write `src` into `dst` at `at`, XORed with the key word `k`, where `src[0]`
 * is byte `phase` of the masked stream. Large payloads go through
 * WebAssembly memory block by block, so each byte is copied in, XORed and
 * copied out once.
 */
export function maskInto(src: Uint8Array, dst: Uint8Array, at: number, k: number, phase = 0): void {
  const n = src.length;
  if (n <= SMALL) {
    for (let j = 0; j < n; j++) dst[at + j] = src[j]! ^ (k >>> (((j + phase) & 3) << 3));
    return;
  }
  const i = wasmXor(src, dst, at, rotate(k, phase));
  if (i < n) {
    dst.set(i === 0 ? src : view(src, i, n - i), at + i);
    xorRange(dst, at + i, at + n, k, phase + i);
  }
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < 4) {
    throw usageError(
      `mask key must be 4 bytes, got ${key instanceof Uint8Array ? key.length : typeof key}`,
    );
  }
}

/**
 * Mask (or unmask: it is the same XOR) `data` in place with the 4-byte `key`,
 * 64 bytes at a time with WebAssembly SIMD where the runtime has it, else
 * 32 bits at a time.
 *
 * @param data - the bytes to transform; changed in place.
 * @param key - the 4-byte masking key.
 * @param offset - where `data` starts within the masked payload (default 0),
 *   for masking a payload piece by piece: byte `i` is XORed with
 *   `key[(offset + i) % 4]`.
 */
export function maskInPlace(data: Uint8Array, key: Uint8Array, offset = 0): void {
  checkKey(key);
  xorRange(data, 0, data.length, keyWord(key), offset & 3);
}

/**
 * A masked copy of `data`; `data` is left untouched.
 *
 * @param data - the bytes to mask.
 * @param key - the 4-byte masking key.
 * @param offset - as in {@link maskInPlace}.
 */
export function maskCopy(data: Uint8Array, key: Uint8Array, offset = 0): Uint8Array {
  checkKey(key);
  const out = allocBytes(data.length);
  maskInto(data, out, 0, keyWord(key), offset & 3);
  return out;
}
