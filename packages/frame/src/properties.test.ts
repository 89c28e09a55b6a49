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
