import { WebSocketPayloadException } from "@wsclient/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EncodeFrameOptions, encodeFrame as encodeMasked } from "./encode-frame.js";
import { FrameParser } from "./frame-parser.js";

/** Server frames: unmasked. */
const encodeFrame = (op: number, payload: Uint8Array, opts: EncodeFrameOptions = {}) =>
  encodeMasked(op, payload, { ...opts, maskKey: null });
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe("RFC 6455 §8.1 text validated in the parser's one pass (validateText)", () => {
  it("a valid text message split anywhere parses; its frames are unchanged", () => {
    const wire = concat(
      encodeFrame(1, utf8("héllo "), { fin: false }),
      encodeFrame(9, utf8("ping")),
      encodeFrame(0, utf8("wörld €"), { fin: true }),
    );
    for (let cut = 0; cut <= wire.length; cut++) {
      const p = new FrameParser({ validateText: true });
      const frames = [...p.feed(wire.subarray(0, cut)), ...p.feed(wire.subarray(cut))];
      expect(frames.map((f) => f.opcode)).toEqual([1, 9, 0]);
    }
  });

  it("fails at the chunk holding the first bad byte, before the frame is complete", () => {
    const payload = concat(utf8("a".repeat(100)), Uint8Array.of(0xff), utf8("b".repeat(100)));
    const wire = encodeFrame(1, payload);
    const p = new FrameParser({ validateText: true });
    expect(p.feedAll(wire.subarray(0, 50)).error).toBeNull();
    const { frames, error } = p.feedAll(wire.subarray(50, 110));
    expect(frames).toEqual([]);
    expect(error).toBeInstanceOf(WebSocketPayloadException);
    expect(error?.closeCode).toBe(1007);
  });

  it("a sequence cut at the end of the message fails at its last frame; across frames it is fine", () => {
    const euro = utf8("€");
    const split = concat(
      encodeFrame(1, euro.subarray(0, 1), { fin: false }),
      encodeFrame(0, euro.subarray(1), { fin: true }),
    );
    expect(new FrameParser({ validateText: true }).feed(split)).toHaveLength(2);
    const cut = encodeFrame(1, euro.subarray(0, 2));
    expect(new FrameParser({ validateText: true }).feedAll(cut).error?.closeCode).toBe(1007);
  });

  it("binary, control and RSV1 (compressed) payloads are not checked", () => {
    const bad = Uint8Array.of(0xff, 0xfe);
    const wire = concat(
      encodeFrame(2, bad),
      encodeFrame(9, bad),
      encodeFrame(1, bad, { rsv1: true }),
      encodeFrame(0, bad, { fin: true }),
    );
    const frames = new FrameParser({ validateText: true, allowRsv1: true }).feed(wire);
    expect(frames.map((f) => f.opcode)).toEqual([2, 9, 1, 0]);
  });

  it("frames completed before the bad one are returned with the error", () => {
    const wire = concat(encodeFrame(1, utf8("ok")), encodeFrame(1, Uint8Array.of(0xc0, 0x80)));
    const { frames, error } = new FrameParser({ validateText: true }).feedAll(wire);
    expect(frames.map((f) => new TextDecoder().decode(f.data))).toEqual(["ok"]);
    expect(error?.closeCode).toBe(1007);
  });

  it("property: the verdict is the whole-message verdict, whatever the chunking", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.array(fc.nat(45), { maxLength: 4 }),
        (payload, cuts) => {
          const valid = (() => {
            try {
              new TextDecoder("utf-8", { fatal: true }).decode(payload);
              return true;
            } catch {
              return false;
            }
          })();
          const wire = encodeFrame(1, payload);
          const p = new FrameParser({ validateText: true });
          let error: unknown = null;
          let at = 0;
          for (const c of [...cuts.sort((a, b) => a - b), wire.length]) {
            const end = Math.min(Math.max(c, at), wire.length);
            error ??= p.feedAll(wire.subarray(at, end)).error;
            at = end;
          }
          expect(error === null).toBe(valid);
        },
      ),
    );
  });
});

describe("zero-copy reads: payloadTarget() and feedInto()", () => {
  it("the rest of a split payload is read straight into the frame's own buffer", () => {
    const payload = new Uint8Array(100_000).map((_, i) => i & 0xff);
    const wire = encodeFrame(2, payload);
    const p = new FrameParser();
    expect(p.payloadTarget()).toBeNull(); // no payload in progress
    expect(p.feed(wire.subarray(0, 1000))).toEqual([]);
    let at = 1000;
    const frames = [];
    for (;;) {
      const target = p.payloadTarget(1);
      if (target === null) break;
      const n = Math.min(target.length, 30_000, wire.length - at);
      target.set(wire.subarray(at, at + n));
      at += n;
      const { frames: done, error } = p.feedInto(n);
      expect(error).toBeNull();
      frames.push(...done);
    }
    expect(at).toBe(wire.length);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data).toEqual(payload);
  });

  it("text read that way is still validated, failing at the bad byte", () => {
    const payload = concat(utf8("a".repeat(50_000)), Uint8Array.of(0xff), utf8("b".repeat(10)));
    const wire = encodeFrame(1, payload);
    const p = new FrameParser({ validateText: true });
    p.feed(wire.subarray(0, 100));
    const target = p.payloadTarget(1)!;
    const n = wire.length - 100;
    target.set(wire.subarray(100));
    expect(p.feedInto(n).error?.closeCode).toBe(1007);
  });

  it("a payload with less than `min` to come is read the usual way", () => {
    const p = new FrameParser();
    p.feed(encodeFrame(2, new Uint8Array(1000)).subarray(0, 500));
    expect(p.payloadTarget(16 * 1024)).toBeNull();
    expect(p.payloadTarget(100)?.length).toBe(504);
  });
});
