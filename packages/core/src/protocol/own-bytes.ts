/** Node's `Buffer` where there is one (the protocol itself runs anywhere). */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(n: number): Uint8Array } }).Buffer;

/** Up to this size a copy is carved from a shared 8 KiB slab. */
const POOLED_MAX = 4096;
/** The slab size: as Node's `Buffer.poolSize`. */
const SLAB_SIZE = 8192;

let slab = new Uint8Array(0);
let slabPos = 0;

/** `n` bytes carved from the current slab (8-byte aligned), a new slab when it is full. */
function carve(n: number): Uint8Array {
  if (slabPos + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const out = new Uint8Array(slab.buffer, slabPos, n);
  slabPos = (slabPos + n + 7) & ~7;
  return out;
}

/**
 * `data` as a buffer of its own — the fed chunk (a view of the parser's
 * zero-copy payload) may be reused once `receiveData` returns, and a kept
 * message must not pin it: copied once, up to 64 B into an array of exactly
 * its size on the JS heap, up to 4 KiB carved from a shared 8 KiB slab (as
 * `Buffer.allocUnsafe` carves Node's pool, with one object instead of two:
 * a kept message pins at most that slab, where `ws` pins its 64 KiB socket
 * chunk; a fresh buffer per message costs 3× the 1 KiB receive rate),
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
  if (n <= POOLED_MAX) copy = carve(n);
  else if (nodeBuffer === undefined) copy = new Uint8Array(n);
  else {
    const b = nodeBuffer.allocUnsafeSlow(n);
    copy = new Uint8Array(b.buffer, b.byteOffset, n);
  }
  copy.set(data);
  return copy;
}
