import { WebSocketException } from "@wsclient/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ABNF } from "./abnf.js";
import { encodeFrame } from "./encode-frame.js";
import { FrameParser } from "./frame-parser.js";

/** Compact, fast-to-compare form of bytes for assertions. */
const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("base64");

interface Spec {
  opcode: number;
  fin: boolean;
  rsv1: boolean;
  payload: Uint8Array;
  key: Uint8Array;
}

const key = fc.uint8Array({ minLength: 4, maxLength: 4 });

/** Any single frame RFC 6455 §5 allows (with permessage-deflate's RSV1 on data frames). */
const dataFrame: fc.Arbitrary<Spec> = fc.record({
  opcode: fc.constantFrom(1, 2),
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  payload: fc.oneof(
    { weight: 5, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 65530, max: 65540 })
        .map((n) => new Uint8Array(n).fill(n & 0xff)),
    },
  ),
  key,
});
const contFrame: fc.Arbitrary<Spec> = fc.record({
  opcode: fc.constant(0),
  fin: fc.boolean(),
  rsv1: fc.constant(false),
  payload: fc.uint8Array({ maxLength: 200 }),
  key,
});
const pingPong: fc.Arbitrary<Spec> = fc.record({
  opcode: fc.constantFrom(9, 10),
  fin: fc.constant(true),
  rsv1: fc.constant(false),
  payload: fc.uint8Array({ maxLength: 125 }),
  key,
});
const closeFrame: fc.Arbitrary<Spec> = fc.record({
  opcode: fc.constant(8),
  fin: fc.constant(true),
  rsv1: fc.constant(false),
  payload: fc.oneof(
    fc.constant(new Uint8Array(0)),
    fc
      .tuple(
        fc.oneof(
          fc.integer({ min: 1000, max: 1003 }),
          fc.integer({ min: 1007, max: 1014 }),
          fc.integer({ min: 3000, max: 4999 }),
        ),
        fc.string({ maxLength: 30 }),
      )
      .map(([code, reason]) => {
        const r = new TextEncoder().encode(reason).subarray(0, 123);
        const cut = new TextDecoder().decode(r, { stream: true }); // drop a split sequence
        const rb = new TextEncoder().encode(cut);
        const out = new Uint8Array(2 + rb.length);
        out[0] = code >> 8;
        out[1] = code & 0xff;
        out.set(rb, 2);
        return out;
      }),
  ),
  key,
});
const anyFrame = fc.oneof(dataFrame, contFrame, pingPong, closeFrame);

function wireOf(specs: Spec[], masked: boolean): Uint8Array {
  const parts = specs.map((s) =>
    encodeFrame(s.opcode, s.payload, { fin: s.fin, rsv1: s.rsv1, maskKey: masked ? s.key : null }),
  );
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function splitAt(wire: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, wire.length]) {
    // Copy each chunk, as a socket would hand over fresh memory.
    chunks.push(wire.slice(prev, p));
    prev = p;
  }
  return chunks;
}

const summary = (f: ABNF) => ({
  fin: f.fin,
  rsv1: f.rsv1,
  opcode: f.opcode,
  data: b64(f.data),
});
const specSummary = (s: Spec) => ({
  fin: s.fin ? 1 : 0,
  rsv1: s.rsv1 ? 1 : 0,
  opcode: s.opcode,
  data: b64(s.payload),
});

describe("properties (fast-check)", () => {
  it("any split of a valid stream parses to the same frames", () => {
    fc.assert(
      fc.property(
        fc.array(anyFrame, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (specs, cuts, masked) => {
          const wire = wireOf(specs, masked);
          const p = new FrameParser({ allowRsv1: true, expectMasked: masked });
          const frames: ABNF[] = [];
          for (const chunk of splitAt(wire, cuts)) frames.push(...p.feed(chunk));
          expect(frames.map(summary)).toEqual(specs.map(specSummary));
          expect(p.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it("format ∘ parse is the identity on the wire bytes", () => {
    fc.assert(
      fc.property(
        fc.array(anyFrame, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (specs, masked) => {
          const wire = wireOf(specs, masked);
          const frames = new FrameParser({ allowRsv1: true, expectMasked: masked }).feed(
            wire.slice(),
          );
          const again = frames.map((f, i) => {
            f.getMaskKey = () => specs[i]!.key;
            return f.format();
          });
          const joined = new Uint8Array(again.reduce((n, a) => n + a.length, 0));
          let at = 0;
          for (const a of again) {
            joined.set(a, at);
            at += a.length;
          }
          expect(b64(joined)).toBe(b64(wire));
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it("a valid stream then an invalid frame, split anyhow: feedAll yields the valid frames, then the error", () => {
    const maxPayload = 70_000;
    /** One frame breaking one §5 rule, as [first byte, payload length field bytes, payload, close code]. */
    const invalid = fc.oneof(
      // §5.2 reserved opcodes, RSV2/RSV3 with no extension
      fc
        .constantFrom(3, 4, 5, 6, 7, 11, 12, 13, 14, 15)
        .map((op) => ({ b0: 0x80 | op, len: [0], payload: [], code: 1002 })),
      fc
        .constantFrom(0x20, 0x10)
        .map((rsv) => ({ b0: 0x82 | rsv, len: [1], payload: [0], code: 1002 })),
      // §5.5 control frames: FIN=0, or over 125 bytes
      fc.constantFrom(8, 9, 10).map((op) => ({ b0: op, len: [0], payload: [], code: 1002 })),
      fc.constantFrom(9, 10).map((op) => ({
        b0: 0x80 | op,
        len: [126, 0, 126],
        payload: new Array(126).fill(0),
        code: 1002,
      })),
      // §5.5.1 close payload of 1 byte, a code not allowed on the wire, a reason not UTF-8
      fc.constant({ b0: 0x88, len: [1], payload: [3], code: 1002 }),
      fc
        .constantFrom(999, 1004, 1005, 1006, 1015, 2999, 5000)
        .map((c) => ({ b0: 0x88, len: [2], payload: [c >> 8, c & 0xff], code: 1002 })),
      fc.constant({ b0: 0x88, len: [4], payload: [0x03, 0xe8, 0xc3, 0x28], code: 1007 }),
      // §5.2 64-bit length with the top bit set; a payload over maxPayload
      fc.constant({ b0: 0x82, len: [127, 0x80, 0, 0, 0, 0, 0, 0, 1], payload: [], code: 1002 }),
      fc.constant({ b0: 0x82, len: [127, 0, 0, 0, 0, 0, 2, 0, 0], payload: [], code: 1009 }),
    );
    fc.assert(
      fc.property(
        fc.array(anyFrame, { maxLength: 6 }),
        invalid,
        fc.boolean(),
        fc.uint8Array({ maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (specs, bad, masked, junk, cuts, wrongMask) => {
          const valid = wireOf(specs, masked);
          // §5.1: the invalid frame is masked iff frames must be (or, as the
          // violation itself, the other way round).
          const maskBit = masked !== wrongMask;
          const len = [...bad.len];
          if (maskBit) len[0]! |= 0x80;
          const badWire = Uint8Array.from([
            bad.b0,
            ...len,
            ...(maskBit ? [0, 0, 0, 0] : []),
            ...bad.payload,
          ]);
          const wire = new Uint8Array(valid.length + badWire.length + junk.length);
          wire.set(valid);
          wire.set(badWire, valid.length);
          wire.set(junk, valid.length + badWire.length);
          const p = new FrameParser({ allowRsv1: true, expectMasked: masked, maxPayload });
          const frames: ABNF[] = [];
          let error: WebSocketException | null = null;
          for (const chunk of splitAt(wire, cuts)) {
            const r = p.feedAll(chunk);
            if (error !== null) {
              expect(r.frames).toEqual([]);
              expect(r.error).toBe(error);
            }
            frames.push(...r.frames);
            error = r.error;
          }
          expect(frames.map(summary)).toEqual(specs.map(specSummary));
          expect(error).not.toBeNull();
          expect(error!.closeCode).toBe(wrongMask ? 1002 : bad.code);
          expect(() => p.feed(Uint8Array.of(0x81, 0))).toThrow(error!);
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it("random bytes end in frames or a typed error, never another exception or unbounded buffering", () => {
    const maxPayload = 4096;
    const noise = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      anyFrame.map((s) => wireOf([s], false)),
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
        .map(([a, b]) => Uint8Array.of(a, b)),
    );
    fc.assert(
      fc.property(
        fc.array(noise, { maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        (chunks, masked, rsv) => {
          const p = new FrameParser({ maxPayload, expectMasked: masked, allowRsv1: rsv });
          let failed: unknown;
          for (const chunk of chunks) {
            try {
              for (const f of p.feed(chunk)) expect(f.data.length).toBeLessThanOrEqual(maxPayload);
            } catch (err) {
              if (!WebSocketException.isInstance(err)) throw err;
              const code = (err as WebSocketException).closeCode;
              expect([1002, 1007, 1009]).toContain(code);
              if (failed !== undefined) expect(err).toBe(failed);
              failed = err;
            }
            expect(p.bufferedBytes).toBeLessThanOrEqual(maxPayload + 14);
          }
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});
