/**
 * WebAssembly SIMD masking: 64 bytes per loop turn, four v128 XORs. Built by
 * scripts/build-mask-wasm.mjs (which shows the module as text). Used only
 * where the runtime has WebAssembly with SIMD (Node, Deno, Bun and current
 * browsers); elsewhere the 32-bit JS path does the work.
 */
const MODULE =
  "AGFzbQEAAAABBwFgA39/fwADAgEABQQBAQICBwkCAW0CAAF4AAAKbwFtAgF7AX8gAv0RIQMgACABQUBxaiEEAkADQCAAIARPDQEgACAA/QAAACAD/VH9CwAAIAAgAP0AABAgA/1R/QsAECAAIAD9AAAgIAP9Uf0LACAgACAA/QAAMCAD/VH9CwAwIABBwABqIQAMAAsLCw==";

/**
 * Bytes masked per round trip through the module's memory. 16 KiB keeps the
 * block in L1 across the copy in, the XOR and the copy out: measured against
 * 64 KiB blocks, unmasking 64 KiB / 1 MiB ran at ~16 / ~15.3 GB/s instead of
 * ~14.5 / ~13.7 GB/s (8 and 32 KiB were slower than 16 KiB).
 */
export const WASM_BLOCK = 16384;
/**
 * Where the block starts in the module's memory (two fixed 64 KiB pages).
 * Not page aligned on purpose: copying out of a page-aligned block into a
 * large, page-aligned array hits 4K aliasing and runs ~5× slower.
 */
const BLOCK_AT = 2064;

/** The module's XOR and its memory, or undefined when WebAssembly (SIMD) is unavailable. */
export interface WasmMasker {
  /** XOR the first `n & ~63` bytes of `block` with the little-endian key word `k`. */
  x: (n: number, k: number) => void;
  /** The working block in the module's memory (which never grows, so views stay valid). */
  block: Uint8Array;
  /** A view of the first `n` bytes of the block. */
  head(n: number): Uint8Array;
}

let masker: WasmMasker | null | undefined;
let lastLen = -1;
let lastHead = new Uint8Array(0);

/**
 * Tests only: `false` makes {@link wasmMasker} report no WebAssembly (the
 * path runtimes without it take); `true` lets it instantiate again.
 */
export function setWasmMaskerEnabled(on: boolean): void {
  masker = on ? undefined : null;
}

/** The WebAssembly masker, instantiated on first use; null when unavailable. */
export function wasmMasker(): WasmMasker | null {
  if (masker !== undefined) return masker;
  try {
    const bin = atob(MODULE);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
      x: (p: number, n: number, k: number) => void;
      m: WebAssembly.Memory;
    };
    const buf = exports.m.buffer;
    const block = new Uint8Array(buf, BLOCK_AT, WASM_BLOCK);
    const x = exports.x;
    masker = {
      x: (n, k) => x(BLOCK_AT, n, k),
      block,
      // The last short view is kept: messages of one size repeat.
      head: (n) => {
        if (n === WASM_BLOCK) return block;
        if (n !== lastLen) {
          lastLen = n;
          lastHead = new Uint8Array(buf, BLOCK_AT, n);
        }
        return lastHead;
      },
    };
  } catch {
    masker = null;
  }
  return masker;
}
