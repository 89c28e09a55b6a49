/** Node's `Buffer.allocUnsafeSlow` where there is one (an array of its own, no zero fill). */
const slow = (globalThis as { Buffer?: { allocUnsafeSlow(n: number): Uint8Array } }).Buffer;

/**
 * `data` as a buffer of its own: a view of the fed chunk (the parser's
 * zero-copy payloads) is copied once into an array of exactly its size, so
 * the chunk can be reused (`onread`) and a kept message pins nothing.
 * Payloads the parser already put in their own buffer are returned as they are.
 */
export function own(data: Uint8Array, chunk: ArrayBufferLike): Uint8Array {
  if (data.buffer !== chunk || data.length === 0) return data;
  const n = data.length;
  if (n <= 64) {
    // On the JS heap: cheaper to make than an external buffer.
    const copy = new Uint8Array(n);
    for (let i = 0; i < n; i++) copy[i] = data[i]!;
    return copy;
  }
  // A plain Uint8Array whatever the size (not a Buffer: its slice() shares memory).
  const copy =
    slow === undefined
      ? new Uint8Array(n)
      : ((b) => new Uint8Array(b.buffer, b.byteOffset, n))(slow.allocUnsafeSlow(n));
  copy.set(data);
  return copy;
}
