/** Node's `Buffer` where there is one (the protocol itself runs anywhere). */
const nodeBuffer = (
  globalThis as {
    Buffer?: { allocUnsafeSlow(n: number): Uint8Array; allocUnsafe(n: number): Uint8Array };
  }
).Buffer;

/** Up to this size a copy is carved from Node's shared 8 KiB `Buffer` pool. */
const POOLED_MAX = 4096;

/**
 * `data` as a buffer of its own — the fed chunk (a view of the parser's
 * zero-copy payload) may be reused once `receiveData` returns, and a kept
 * message must not pin it:
 * copied once, up to 64 B into an array of exactly its size on the JS heap,
 * up to 4 KiB from Node's `Buffer` pool (as `Buffer.allocUnsafe` does: a
 * kept message pins at most that 8 KiB slab, where `ws` pins its 64 KiB
 * socket chunk; a fresh buffer per message costs 3× the 1 KiB receive rate),
 * beyond that into an array of exactly its size. Payloads the parser
 * already put in their own buffer are returned as they are. Always a plain
 * `Uint8Array` (a Buffer's `slice()` would share memory).
 */
export function own(data: Uint8Array, chunk: ArrayBufferLike | null): Uint8Array {
  if (data.buffer !== chunk || data.length === 0) return data;
  const n = data.length;
  if (n <= 64) {
    const copy = new Uint8Array(n);
    for (let i = 0; i < n; i++) copy[i] = data[i]!;
    return copy;
  }
  let copy: Uint8Array;
  if (nodeBuffer === undefined) copy = new Uint8Array(n);
  else {
    const b = n <= POOLED_MAX ? nodeBuffer.allocUnsafe(n) : nodeBuffer.allocUnsafeSlow(n);
    copy = new Uint8Array(b.buffer, b.byteOffset, n);
  }
  copy.set(data);
  return copy;
}
