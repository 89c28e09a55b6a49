// FrameParser's `ownPayloads`: every payload in a buffer of its own, copied
// once, so the caller may reuse the chunk's memory as soon as feed returns.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeFrame } from "./encode-frame.js";
import { FrameParser } from "./frame-parser.js";

const wire = (size: number, fill: number, maskKey: Uint8Array | null = null) =>
  encodeFrame(2, new Uint8Array(size).fill(fill), { maskKey });

/** Where `run` starts in `haystack`, or -1. */
function findRun(haystack: Uint8Array, run: Uint8Array): number {
  outer: for (let i = 0; i + run.length <= haystack.length; i++) {
    for (let j = 0; j < run.length; j++) if (haystack[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}

describe("ownPayloads: a payload is a buffer of its own (RFC 6455 §5.2 payload data)", () => {
  it("never hands out a view of the chunk, however much of it the payload fills", () => {
    for (const size of [1, 64, 65, 4096, 4097, 60_000]) {
      const chunk = wire(size, 7);
      const [f] = new FrameParser({ ownPayloads: true }).feed(chunk);
      expect(f!.data.buffer).not.toBe(chunk.buffer);
      chunk.fill(0); // the caller reuses its memory
      expect(f!.data).toEqual(new Uint8Array(size).fill(7));
    }
  });

  it("≤ 64 B and > 4 KiB in arrays of exactly their size; 65 B-4 KiB in a copy of the chunk from the payload on", () => {
    const sizeOf = (size: number) => {
      const [f] = new FrameParser({ ownPayloads: true }).feed(wire(size, 1));
      return f!.data.buffer.byteLength;
    };
    expect(sizeOf(16)).toBe(16);
    expect(sizeOf(64)).toBe(64);
    expect(sizeOf(65)).toBe(65);
    expect(sizeOf(4096)).toBe(4096);
    expect(sizeOf(4097)).toBe(4097);
    expect(sizeOf(70_000)).toBe(70_000);
  });

  it("small payloads of one chunk share one copy of at most 32 KiB, every byte of it from the chunk", () => {
    // 100 frames of 1000 B: 100 KiB of wire in one chunk (a socket read).
    const frames = Array.from({ length: 100 }, (_, i) => wire(1000, i));
    const chunk = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      chunk.set(f, at);
      at += f.length;
    }
    const parsed = new FrameParser({ ownPayloads: true }).feed(chunk);
    const copies = new Set(parsed.map((f) => f.data.buffer));
    for (const copy of copies) {
      expect(copy.byteLength).toBeLessThanOrEqual(32 * 1024);
      // No uninitialized memory behind a payload: the copy is a run of the chunk.
      expect(findRun(chunk, new Uint8Array(copy))).toBeGreaterThanOrEqual(0);
    }
    expect(copies.size).toBeLessThanOrEqual(4); // ~32 frames per copy, not one copy each
    chunk.fill(0);
    expect(parsed.map((f) => f.data)).toEqual(frames.map((_, i) => new Uint8Array(1000).fill(i)));
  });

  it("a later chunk never sees an earlier chunk's copy (the caller may refill one buffer)", () => {
    const p = new FrameParser({ ownPayloads: true });
    const chunk = wire(500, 1);
    const [a] = p.feed(chunk);
    chunk.set(wire(500, 2)); // same object, new bytes: an `onread` buffer reused
    const [b] = p.feed(chunk);
    expect(a!.data).toEqual(new Uint8Array(500).fill(1));
    expect(b!.data).toEqual(new Uint8Array(500).fill(2));
  });

  it("a payload split across chunks is assembled in a buffer of exactly its size", () => {
    const chunk = wire(3000, 9);
    const p = new FrameParser({ ownPayloads: true });
    expect(p.feed(chunk.subarray(0, 1000))).toEqual([]);
    const [f] = p.feed(chunk.subarray(1000));
    expect(f!.data.buffer.byteLength).toBe(3000);
    expect(f!.data).toEqual(new Uint8Array(3000).fill(9));
  });

  it("masked frames (the server side) are unmasked into their own buffer; the chunk is unchanged", () => {
    const key = new Uint8Array([1, 2, 3, 4]);
    for (const size of [5, 100, 5000]) {
      const chunk = wire(size, 0x55, key);
      const before = chunk.slice();
      const [f] = new FrameParser({ ownPayloads: true, expectMasked: true }).feed(chunk);
      expect(f!.data).toEqual(new Uint8Array(size).fill(0x55));
      expect(chunk).toEqual(before);
    }
  });

  it("is refused together with zeroCopy (views or copies, not both)", () => {
    expect(() => new FrameParser({ ownPayloads: true, zeroCopy: true })).toThrow(
      /zeroCopy and ownPayloads exclude each other/,
    );
  });

  it("property: any frames in any split parse to the same payloads, none sharing the fed chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 5000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 7000 }), { maxLength: 5 }),
        (payloads, cuts) => {
          const stream = new Uint8Array(
            payloads.flatMap((d) => [...encodeFrame(2, d, { maskKey: null })]),
          );
          const p = new FrameParser({ ownPayloads: true });
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (const cut of [...cuts.sort((a, b) => a - b), stream.length]) {
            if (cut <= at || cut > stream.length) continue;
            chunks.push(stream.slice(at, cut));
            at = cut;
          }
          const frames = chunks.flatMap((c) => p.feed(c));
          for (const c of chunks) c.fill(0xff);
          expect(frames.map((f) => [...f.data])).toEqual(payloads.map((d) => [...d]));
          for (const f of frames) {
            if (f.data.length > 0)
              expect(chunks.some((c) => c.buffer === f.data.buffer)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
