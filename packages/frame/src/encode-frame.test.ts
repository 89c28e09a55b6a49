import { WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { ABNF } from "./abnf.js";
import { encodeFrame } from "./encode-frame.js";
import { maskCopy } from "./mask.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("encodeFrame (RFC 6455 §5.2, §5.3)", () => {
  it("writes the §5.7 masked 'Hello' with a given key", () => {
    expect(encodeFrame(1, utf8("Hello"), { maskKey: bytes(0x37, 0xfa, 0x21, 0x3d) })).toEqual(
      bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
    );
  });

  it("writes unmasked frames with maskKey null, and fin/rsv1 as asked", () => {
    expect(encodeFrame(1, utf8("Hel"), { fin: false, maskKey: null })).toEqual(
      bytes(0x01, 0x03, 0x48, 0x65, 0x6c),
    );
    expect(encodeFrame(2, bytes(), { rsv1: true, maskKey: null })).toEqual(bytes(0xc2, 0x00));
  });

  it("masks with a fresh random key when none is given", () => {
    const payload = new Uint8Array(1000).map((_, i) => i);
    const a = encodeFrame(2, payload);
    const b = encodeFrame(2, payload);
    expect(a.subarray(0, 4)).toEqual(bytes(0x82, 0xfe, 0x03, 0xe8));
    expect(a.subarray(4, 8)).not.toEqual(b.subarray(4, 8));
    expect(maskCopy(a.subarray(8), a.subarray(4, 8))).toEqual(payload);
  });

  it("produces the same bytes as ABNF.format at every length boundary", () => {
    const key = bytes(5, 6, 7, 8);
    for (const n of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
      const payload = new Uint8Array(n).map((_, i) => i * 7);
      const f = new ABNF(1, 0, 0, 0, 2, 1, payload);
      f.getMaskKey = () => key;
      expect(encodeFrame(2, payload, { maskKey: key })).toEqual(f.format());
    }
  });

  it("refuses what may not be sent", () => {
    expect(() => encodeFrame(3, bytes())).toThrow(WebSocketProtocolException);
    expect(() => encodeFrame(9, new Uint8Array(126))).toThrowError(/over 125 bytes/);
    expect(() => encodeFrame(8, bytes(3, 0xe8), { fin: false })).toThrowError(
      /fragmented control frame/,
    );
    expect(() => encodeFrame(2, "x" as unknown as Uint8Array)).toThrowError(/Uint8Array/);
    // RFC 7692 §6.1: RSV1 only on the first frame of a data message.
    expect(() => encodeFrame(0, bytes(), { rsv1: true })).toThrowError(
      /RSV1 set on a continuation/,
    );
    expect(() => encodeFrame(9, bytes(), { rsv1: true })).toThrowError(/RSV1 set on a control/);
    expect(() => encodeFrame(2, bytes(), { maskKey: bytes(1) })).toThrowError(/4 bytes/);
  });

  it("frames carved from the shared pool stay intact while later frames are encoded", () => {
    const key = bytes(9, 8, 7, 6);
    const frames: [Uint8Array, Uint8Array][] = [];
    for (let i = 0; i < 2000; i++) {
      const payload = new Uint8Array(i % 300).fill(i & 0xff);
      frames.push([payload, encodeFrame(2, payload, { maskKey: key })]);
    }
    for (const [payload, wire] of frames) {
      const start = wire.length - payload.length;
      expect(Buffer.compare(maskCopy(wire.subarray(start), key), payload)).toBe(0);
    }
    // Pool slices never overlap.
    const byBuffer = new Map<ArrayBufferLike, [number, number][]>();
    for (const [, w] of frames) {
      const list = byBuffer.get(w.buffer) ?? [];
      list.push([w.byteOffset, w.byteOffset + w.length]);
      byBuffer.set(w.buffer, list);
    }
    for (const list of byBuffer.values()) {
      list.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < list.length; i++)
        expect(list[i]![0]).toBeGreaterThanOrEqual(list[i - 1]![1]);
    }
  });

  it("keeps working after a caller transfers (detaches) a pooled frame's buffer", () => {
    const a = encodeFrame(1, bytes(0x61), { maskKey: null });
    structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
    expect(encodeFrame(1, bytes(0x62), { maskKey: null })).toEqual(bytes(0x81, 0x01, 0x62));
  });

  it("does not change the caller's payload", () => {
    const payload = utf8("keep me as I am, please");
    encodeFrame(1, payload);
    expect(new TextDecoder().decode(payload)).toBe("keep me as I am, please");
  });
});

describe("encodeFrame `alloc`: where frames over 4 KiB are written", () => {
  const key = new Uint8Array([9, 8, 7, 6]);

  it("writes a large frame into the bytes alloc returns, the same bytes as without it", () => {
    const payload = new Uint8Array(10_000).map((_, i) => i & 0xff);
    const target = new ArrayBuffer(20_000);
    const asked: number[] = [];
    const alloc = (n: number) => {
      asked.push(n);
      return new Uint8Array(target, 0, n);
    };
    const frame = encodeFrame(2, payload, { maskKey: key, alloc });
    expect(asked).toEqual([4 + 4 + 10_000]); // header with a 16-bit length, key, payload
    expect(frame.buffer).toBe(target);
    expect(frame).toEqual(encodeFrame(2, payload, { maskKey: key }));
  });

  it("is not asked for frames of up to 4 KiB (they come from the shared pool)", () => {
    let called = false;
    encodeFrame(2, new Uint8Array(4000), {
      maskKey: key,
      alloc: (n) => {
        called = true;
        return new Uint8Array(n);
      },
    });
    expect(called).toBe(false);
  });

  it("refuses an alloc that returns the wrong number of bytes", () => {
    expect(() =>
      encodeFrame(2, new Uint8Array(5000), { maskKey: key, alloc: (n) => new Uint8Array(n - 1) }),
    ).toThrow(/alloc\(5008\) returned 5007 bytes/);
  });
});
