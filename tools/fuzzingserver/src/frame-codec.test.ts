import { describe, expect, it } from "vitest";
import { applyMask, encodeFrame, FrameError, FrameReader } from "./frame-codec";

const reader = () => new FrameReader({ maxFramePayload: 1 << 20 });

describe("RFC 6455 §5.2 base framing", () => {
  it("encodes the 7-bit, 16-bit and 64-bit length forms", () => {
    expect(encodeFrame({ opcode: 1, payload: Buffer.alloc(125) }).subarray(0, 2)).toEqual(
      Buffer.from([0x81, 125]),
    );
    expect(encodeFrame({ opcode: 2, payload: Buffer.alloc(126) }).subarray(0, 4)).toEqual(
      Buffer.from([0x82, 126, 0, 126]),
    );
    expect(encodeFrame({ opcode: 2, payload: Buffer.alloc(65536) }).subarray(0, 10)).toEqual(
      Buffer.from([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]),
    );
  });

  it("writes whatever it is asked to: reserved bits, reserved opcodes, no FIN", () => {
    const bytes = encodeFrame({ opcode: 11, payload: Buffer.from("x"), rsv: 7, fin: false });
    expect(bytes[0]).toBe(0x7b);
  });

  it("reads a masked frame split at every byte boundary", () => {
    const payload = Buffer.from("Hello-µ@ßöäüàá-UTF-8!!");
    const wire = encodeFrame({ opcode: 1, payload, mask: Buffer.from([1, 2, 3, 4]) });
    for (let cut = 0; cut <= wire.length; cut++) {
      const r = reader();
      const frames = [...r.push(wire.subarray(0, cut)), ...r.push(wire.subarray(cut))];
      expect(frames).toHaveLength(1);
      expect(frames[0]?.masked).toBe(true);
      expect(frames[0]?.payload.equals(payload)).toBe(true);
    }
  });

  it("refuses a frame longer than its limit with 1009", () => {
    const r = new FrameReader({ maxFramePayload: 10 });
    expect(() => r.push(encodeFrame({ opcode: 2, payload: Buffer.alloc(11) }))).toThrow(FrameError);
  });
});

describe("RFC 6455 §5.3 client-to-server masking", () => {
  it("masking twice restores the data, aligned or not", () => {
    for (const n of [0, 3, 16, 1001]) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => i & 255));
      const copy = Buffer.from(data);
      const mask = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
      applyMask(copy, mask);
      if (n > 0) expect(copy[0]).toBe((data[0] ?? 0) ^ 0xde);
      applyMask(copy, mask);
      expect(copy.equals(data)).toBe(true);
    }
  });
});

describe("reader robustness", () => {
  it("random bytes end in frames or a FrameError, never another exception", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 1, max: 50 }),
        (bytes, cut) => {
          const r = new FrameReader({ maxFramePayload: 1000 });
          try {
            for (let i = 0; i < bytes.length; i += cut)
              r.push(Buffer.from(bytes.subarray(i, i + cut)));
          } catch (err) {
            expect(err).toBeInstanceOf(FrameError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
