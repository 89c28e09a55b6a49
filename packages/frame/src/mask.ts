import { WebSocketException } from "@wsclient/errors";

/** Below this many bytes a byte loop beats setting up a 32-bit view. */
const WORD_THRESHOLD = 32;

const keyBytes = new Uint8Array(4);
const keyWord = new Uint32Array(keyBytes.buffer);

/**
 * XOR `buf[start..end)` with the 4-byte `key`, where `buf[start]` is byte
 * `phase` of the masked stream.
 *
 * RFC 6455 §5.3: "Octet i of the transformed data ("transformed-octet-i") is
 * the XOR of octet i of the original data ("original-octet-i") with octet at
 * index i modulo 4 of the masking key ("masking-key-octet-j")".
 *
 * Works 32 bits at a time through a `Uint32Array` view on the aligned middle
 * of the range; the key word is built in native byte order from the rotated
 * key bytes, so it is right on any endianness.
 */
export function xorRange(
  buf: Uint8Array,
  start: number,
  end: number,
  key: Uint8Array,
  phase: number,
): void {
  let i = start;
  if (end - start >= WORD_THRESHOLD) {
    // Bytes up to the first 4-byte aligned address.
    const head = (4 - ((buf.byteOffset + i) & 3)) & 3;
    for (const stop = i + head; i < stop; i++) {
      buf[i]! ^= key[(i - start + phase) & 3]!;
    }
    const words = (end - i) >>> 2;
    const rot = (i - start + phase) & 3;
    keyBytes[0] = key[rot]!;
    keyBytes[1] = key[(rot + 1) & 3]!;
    keyBytes[2] = key[(rot + 2) & 3]!;
    keyBytes[3] = key[(rot + 3) & 3]!;
    const k = keyWord[0]!;
    const view = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
    let w = 0;
    for (const stop4 = words - 3; w < stop4; w += 4) {
      view[w]! ^= k;
      view[w + 1]! ^= k;
      view[w + 2]! ^= k;
      view[w + 3]! ^= k;
    }
    for (; w < words; w++) view[w]! ^= k;
    i += words << 2;
  }
  for (let j = i - start + phase; i < end; i++, j++) buf[i]! ^= key[j & 3]!;
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < 4) {
    throw new WebSocketException(
      `mask key must be 4 bytes, got ${key instanceof Uint8Array ? key.length : typeof key}`,
    );
  }
}

/**
 * Mask (or unmask: it is the same XOR) `data` in place with the 4-byte `key`,
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
  xorRange(data, 0, data.length, key, offset & 3);
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
  const out = new Uint8Array(data.length);
  out.set(data);
  xorRange(out, 0, out.length, key, offset & 3);
  return out;
}
