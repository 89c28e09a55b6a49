import { describe, expect, it } from "vitest";
import { ABNF } from "./abnf.js";
import { maskCopy, maskInPlace } from "./mask.js";
import { setWasmMaskerEnabled, WASM_BLOCK, wasmMasker } from "./mask-wasm.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => new TextEncoder().encode(s);

/** The RFC's definition, one byte at a time. */
function naiveMask(data: Uint8Array, key: Uint8Array, offset = 0): Uint8Array {
  return data.map((b, i) => b ^ key[(i + offset) % 4]!);
}

describe("RFC 6455 §5.3 Client-to-Server Masking", () => {
  it("masks the §5.7 'Hello' example with key 37 fa 21 3d", () => {
    const key = bytes(0x37, 0xfa, 0x21, 0x3d);
    expect(maskCopy(ascii("Hello"), key)).toEqual(bytes(0x7f, 0x9f, 0x4d, 0x51, 0x58));
  });

  it("matches Python's documented ABNF.mask(b'abcd', b'Hello')", () => {
    expect(ABNF.mask(ascii("abcd"), ascii("Hello"))).toEqual(bytes(0x29, 0x07, 0x0f, 0x08, 0x0e));
    // A string key is read one byte per character, as Python does.
    expect(ABNF.mask("abcd", "Hello")).toEqual(bytes(0x29, 0x07, 0x0f, 0x08, 0x0e));
  });

  it("matches the byte-at-a-time definition at every length and alignment", () => {
    const key = bytes(0x01, 0x80, 0xfe, 0x5a);
    const backing = new Uint8Array(1010).map((_, i) => (i * 37 + 11) & 0xff);
    for (let off = 0; off < 8; off++) {
      for (const len of [
        0, 1, 3, 4, 5, 31, 32, 33, 63, 64, 65, 127, 200, 291, 511, 512, 575, 1000,
      ]) {
        for (const phase of [0, 1, 2, 3, 6]) {
          const view = backing.slice().subarray(off, off + len);
          const expected = naiveMask(view, key, phase);
          maskInPlace(view, key, phase);
          expect(view).toEqual(expected);
        }
      }
    }
  });

  it("matches the definition across WebAssembly blocks", () => {
    const key = bytes(0xde, 0xad, 0xbe, 0xef);
    for (const len of [WASM_BLOCK, WASM_BLOCK + 63, WASM_BLOCK * 2 + 5, 65536 * 2 + 5]) {
      for (const phase of [0, 3]) {
        const data = new Uint8Array(len + 1).map((_, i) => i * 31).subarray(1);
        const expected = naiveMask(data, key, phase);
        maskInPlace(data, key, phase);
        expect(Buffer.compare(data, expected)).toBe(0);
        expect(
          Buffer.compare(maskCopy(expected, key, phase), naiveMask(expected, key, phase)),
        ).toBe(0);
      }
    }
  });

  it("gives the same bytes without WebAssembly (the 32-bit JS path alone)", () => {
    expect(wasmMasker()).not.toBeNull();
    const key = bytes(0x5a, 0x01, 0xff, 0x80);
    const data = new Uint8Array(200_003).map((_, i) => i * 7).subarray(3);
    const expected = naiveMask(data, key, 1);
    setWasmMaskerEnabled(false);
    try {
      expect(wasmMasker()).toBeNull();
      const copy = data.slice();
      maskInPlace(copy, key, 1);
      expect(Buffer.compare(copy, expected)).toBe(0);
      expect(Buffer.compare(maskCopy(data, key, 1), expected)).toBe(0);
    } finally {
      setWasmMaskerEnabled(true);
    }
    expect(wasmMasker()).not.toBeNull();
  });

  it("round-trips: masking twice gives the original", () => {
    const key = bytes(9, 8, 7, 6);
    const data = new Uint8Array(70_000).map((_, i) => i & 0xff);
    const masked = maskCopy(data, key);
    expect(masked).not.toEqual(data);
    maskInPlace(masked, key);
    expect(masked).toEqual(data);
  });

  it("masks a payload piece by piece with the offset", () => {
    const key = bytes(1, 2, 3, 4);
    const data = new Uint8Array(100).map((_, i) => i);
    const whole = maskCopy(data, key);
    const pieces = data.slice();
    maskInPlace(pieces.subarray(0, 37), key, 0);
    maskInPlace(pieces.subarray(37, 90), key, 37);
    maskInPlace(pieces.subarray(90), key, 90);
    expect(pieces).toEqual(whole);
  });

  it("leaves the input of maskCopy alone", () => {
    const data = ascii("unchanged");
    maskCopy(data, bytes(1, 2, 3, 4));
    expect(new TextDecoder().decode(data)).toBe("unchanged");
  });

  it("refuses a key shorter than 4 bytes with a typed error", () => {
    expect(() => maskInPlace(ascii("x"), bytes(1, 2))).toThrowError(/mask key must be 4 bytes/);
    expect(() => ABNF.mask(bytes(1, 2, 3), ascii("x"))).toThrowError(/mask key must be 4 bytes/);
    expect(() => ABNF.mask("abc\u0100", "x")).toThrowError(/U\+0000-U\+00FF/);
  });
});
