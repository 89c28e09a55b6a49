import { WebSocketPayloadException, WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import type { ABNF } from "./abnf.js";
import { encodeFrame } from "./encode-frame.js";
import { FrameParser } from "./frame-parser.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (f: ABNF) => new TextDecoder().decode(f.data);
const fields = (f: ABNF) => [f.fin, f.rsv1, f.rsv2, f.rsv3, f.opcode, f.mask];

function errorOf(fn: () => unknown): WebSocketProtocolException {
  try {
    fn();
  } catch (err) {
    return err as WebSocketProtocolException;
  }
  throw new Error("expected a throw");
}

/** Feed `wire` one byte at a time and collect the frames. */
function byteByByte(p: FrameParser, wire: Uint8Array): ABNF[] {
  const out: ABNF[] = [];
  for (let i = 0; i < wire.length; i++) out.push(...p.feed(wire.subarray(i, i + 1)));
  return out;
}

describe("RFC 6455 §5.7 Examples (parse)", () => {
  it("a single-frame unmasked text message", () => {
    const [f, ...rest] = new FrameParser().feed(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f));
    expect(rest).toEqual([]);
    expect(fields(f!)).toEqual([1, 0, 0, 0, 1, 0]);
    expect(text(f!)).toBe("Hello");
  });

  it("a single-frame masked text message (server side: expectMasked)", () => {
    const wire = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    const copy = wire.slice();
    const [f] = new FrameParser({ expectMasked: true }).feed(wire);
    expect(text(f!)).toBe("Hello");
    expect(f!.mask).toBe(1);
    expect(wire).toEqual(copy); // the chunk is not unmasked in place
  });

  it("a fragmented unmasked text message", () => {
    const frames = new FrameParser().feed(
      bytes(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f),
    );
    expect(frames.map(fields)).toEqual([
      [0, 0, 0, 0, 1, 0],
      [1, 0, 0, 0, 0, 0],
    ]);
    expect(frames.map(text)).toEqual(["Hel", "lo"]);
  });

  it("unmasked ping, masked pong (server side)", () => {
    const [ping] = new FrameParser().feed(bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f));
    expect(ping!.opcode).toBe(9);
    expect(text(ping!)).toBe("Hello");
    const [pong] = new FrameParser({ expectMasked: true }).feed(
      bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
    );
    expect(pong!.opcode).toBe(10);
    expect(text(pong!)).toBe("Hello");
  });

  it("256 bytes and 64KiB binary messages in single unmasked frames", () => {
    const p = new FrameParser();
    const small = new Uint8Array(260);
    small.set([0x82, 0x7e, 0x01, 0x00]);
    small.fill(7, 4);
    const big = new Uint8Array(65546);
    big.set([0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0]);
    big.fill(9, 10);
    const frames = [...p.feed(small), ...p.feed(big)];
    expect(frames.map((f) => f.data.length)).toEqual([256, 65536]);
    expect(frames[0]!.data.every((b) => b === 7)).toBe(true);
    expect(frames[1]!.data.every((b) => b === 9)).toBe(true);
  });
});

describe("RFC 6455 §5.2 Base Framing Protocol (parse)", () => {
  it.each([0, 1, 125, 126, 127, 65535, 65536, 100_000])(
    "payload of %i bytes parses whole, and byte by byte",
    (n) => {
      const payload = new Uint8Array(n).map((_, i) => (i * 13) & 0xff);
      const wire = encodeFrame(2, payload, { maskKey: null });
      const [whole] = new FrameParser().feed(wire);
      expect(whole!.data).toEqual(payload);
      if (n <= 65536) {
        const p = new FrameParser();
        const frames = byteByByte(p, wire);
        expect(frames).toHaveLength(1);
        expect(frames[0]!.data).toEqual(payload);
        expect(p.bufferedBytes).toBe(0);
      }
    },
  );

  it("accepts a non-minimal length encoding (the MUST is on the sender)", () => {
    const [f] = new FrameParser().feed(bytes(0x82, 0x7e, 0x00, 0x02, 0xaa, 0xbb));
    expect(f!.data).toEqual(bytes(0xaa, 0xbb));
  });

  it("returns several frames from one chunk, and keeps a partial one", () => {
    const p = new FrameParser();
    const a = encodeFrame(1, new TextEncoder().encode("one"), { maskKey: null });
    const b = encodeFrame(1, new TextEncoder().encode("two"), { maskKey: null });
    const chunk = new Uint8Array(a.length + b.length - 2);
    chunk.set(a);
    chunk.set(b.subarray(0, b.length - 2), a.length);
    expect(p.feed(chunk).map(text)).toEqual(["one"]);
    expect(p.bufferedBytes).toBe(1); // the header is parsed; one payload byte is held
    expect(p.feed(b.subarray(b.length - 2)).map(text)).toEqual(["two"]);
    expect(p.bufferedBytes).toBe(0);
    expect(p.feed(new Uint8Array(0))).toEqual([]);
  });

  it("counts a split header in bufferedBytes", () => {
    const p = new FrameParser();
    expect(p.feed(bytes(0x82, 0x7f, 0, 0))).toEqual([]);
    expect(p.bufferedBytes).toBe(4);
  });

  it("§5.2 RSV bits: 1002 unless allowRsv1, and RSV1 only on the first data frame", () => {
    expect(errorOf(() => new FrameParser().feed(bytes(0xc1, 0x00))).closeCode).toBe(1002);
    expect(errorOf(() => new FrameParser().feed(bytes(0xa1, 0x00))).closeCode).toBe(1002);
    expect(errorOf(() => new FrameParser().feed(bytes(0x91, 0x00))).closeCode).toBe(1002);
    const [f] = new FrameParser({ allowRsv1: true }).feed(bytes(0xc1, 0x01, 0x00));
    expect(f!.rsv1).toBe(1);
    const p = new FrameParser({ allowRsv1: true });
    expect(errorOf(() => p.feed(bytes(0xc9, 0x00))).message).toMatch(/control frame/);
    expect(
      errorOf(() => new FrameParser({ allowRsv1: true }).feed(bytes(0xc0, 0x00))).message,
    ).toMatch(/continuation/);
  });

  it.each([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf])("§5.2 reserved opcode %i: 1002", (op) => {
    const err = errorOf(() => new FrameParser().feed(bytes(0x80 | op, 0x00)));
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    expect(err.closeCode).toBe(1002);
    expect(err.message).toContain("opcode");
  });

  it("fails on the first two bytes, before the rest of the header arrives", () => {
    expect(errorOf(() => new FrameParser().feed(bytes(0x83, 0xfe))).closeCode).toBe(1002);
    const p = new FrameParser();
    p.feed(bytes(0x09));
    expect(errorOf(() => p.feed(bytes(0x00))).message).toMatch(/fragmented control frame/);
  });

  it.each([8, 9, 10])("§5.5 control opcode %i: FIN=0 or over 125 bytes is 1002", (op) => {
    expect(errorOf(() => new FrameParser().feed(bytes(op, 0x00))).closeCode).toBe(1002);
    expect(
      errorOf(() => new FrameParser().feed(bytes(0x80 | op, 0x7e, 0x00, 0x7e))).closeCode,
    ).toBe(1002);
    const [ok] = new FrameParser().feed(
      encodeFrame(op, op === 8 ? bytes(0x03, 0xe8) : new Uint8Array(125), { maskKey: null }),
    );
    expect(ok!.opcode).toBe(op);
  });

  it("§5.5.1 close payloads: 1 byte and bad codes are 1002, a bad reason 1007", () => {
    expect(errorOf(() => new FrameParser().feed(bytes(0x88, 0x01, 0x03))).closeCode).toBe(1002);
    expect(errorOf(() => new FrameParser().feed(bytes(0x88, 0x02, 0x03, 0xed))).closeCode).toBe(
      1002,
    );
    const bad = errorOf(() => new FrameParser().feed(bytes(0x88, 0x03, 0x03, 0xe8, 0xff)));
    expect(bad).toBeInstanceOf(WebSocketPayloadException);
    expect(bad.closeCode).toBe(1007);
    const [f] = new FrameParser({ skipUtf8Validation: true }).feed(
      bytes(0x88, 0x03, 0x03, 0xe8, 0xff),
    );
    expect(f!.opcode).toBe(8);
    const [empty] = new FrameParser().feed(bytes(0x88, 0x00));
    expect(empty!.data).toHaveLength(0);
  });

  it("§5.1: a masked frame from the server is 1002 (Python accepts it; we do not)", () => {
    const err = errorOf(() => new FrameParser().feed(bytes(0x81, 0x81, 1, 2, 3, 4, 0x41)));
    expect(err.closeCode).toBe(1002);
    expect(err.message).toMatch(/masked frame from a server/);
  });

  it("§5.1: an unmasked frame from a client is 1002 on the server side", () => {
    const err = errorOf(() => new FrameParser({ expectMasked: true }).feed(bytes(0x81, 0x00)));
    expect(err.closeCode).toBe(1002);
  });

  it("a 64-bit length with the top bit set is 1002", () => {
    const err = errorOf(() =>
      new FrameParser({ maxPayload: 0 }).feed(bytes(0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1)),
    );
    expect(err.closeCode).toBe(1002);
    expect(err.message).toMatch(/top bit/);
  });

  it("a length over maxPayload is 1009 before any payload is buffered", () => {
    const p = new FrameParser({ maxPayload: 1000 });
    const err = errorOf(() => p.feed(bytes(0x82, 0x7e, 0x03, 0xe9)));
    expect(err).toBeInstanceOf(WebSocketPayloadException);
    expect(err.closeCode).toBe(1009);
    expect(p.bufferedBytes).toBe(0);
    const [ok] = new FrameParser({ maxPayload: 1000 }).feed(
      encodeFrame(2, new Uint8Array(1000), { maskKey: null }),
    );
    expect(ok!.data).toHaveLength(1000);
    // The default limit is 100 MiB; a 2^62-byte claim is refused without allocating.
    const huge = bytes(0x82, 0x7f, 0x40, 0, 0, 0, 0, 0, 0, 0);
    expect(errorOf(() => new FrameParser().feed(huge)).closeCode).toBe(1009);
    expect(errorOf(() => new FrameParser({ maxPayload: 0 }).feed(huge)).closeCode).toBe(1009);
  });

  it("after an error every later feed throws the same error", () => {
    const p = new FrameParser();
    const first = errorOf(() => p.feed(bytes(0x83, 0x00)));
    expect(errorOf(() => p.feed(bytes(0x81, 0x00)))).toBe(first);
  });

  it("rejects a non-Uint8Array chunk with a typed error", () => {
    expect(() => new FrameParser().feed("x" as unknown as Uint8Array)).toThrowError(/Uint8Array/);
    expect(() => new FrameParser({ maxPayload: -1 })).toThrowError(/maxPayload/);
  });
});

describe("payload memory", () => {
  it("gives a zero-copy view of a payload that fills most of the chunk", () => {
    const wire = encodeFrame(2, new Uint8Array(4096).fill(1), { maskKey: null });
    const [f] = new FrameParser().feed(wire);
    expect(f!.data.buffer).toBe(wire.buffer);
  });

  it("copies a small payload out of a large chunk, so the chunk is not pinned", () => {
    const chunk = new Uint8Array(65536);
    chunk.set(encodeFrame(2, bytes(1, 2, 3), { maskKey: null }));
    const big = encodeFrame(2, new Uint8Array(5000).fill(4), { maskKey: null });
    chunk.set(big, 5);
    const frames = new FrameParser().feed(chunk.subarray(0, 5 + big.length));
    expect(frames[0]!.data.buffer).not.toBe(chunk.buffer);
    expect(frames[0]!.data).toEqual(bytes(1, 2, 3));
    expect(frames[1]!.data.buffer).not.toBe(chunk.buffer);
    expect(frames[1]!.data).toEqual(new Uint8Array(5000).fill(4));
  });

  it("with zeroCopy, gives views of small payloads too, but still copies masked ones", () => {
    const chunk = new Uint8Array(65536);
    chunk.set(encodeFrame(2, bytes(1, 2, 3), { maskKey: null }));
    chunk.set(encodeFrame(1, bytes(0x61), { maskKey: null }), 5);
    const frames = new FrameParser({ zeroCopy: true }).feed(chunk.subarray(0, 8));
    expect(frames.map((f) => f.data.buffer === chunk.buffer)).toEqual([true, true]);
    expect(frames[0]!.data).toEqual(bytes(1, 2, 3));
    expect(frames[1]!.data).toEqual(bytes(0x61));
    const masked = encodeFrame(2, bytes(7, 8), { maskKey: bytes(1, 2, 3, 4) });
    const server = new FrameParser({ zeroCopy: true, expectMasked: true });
    const [m] = server.feed(masked);
    expect(m!.data.buffer).not.toBe(masked.buffer);
    expect(m!.data).toEqual(bytes(7, 8));
  });

  it("keeps working after a caller transfers (detaches) a small payload's buffer", () => {
    const p = new FrameParser();
    const chunk = new Uint8Array(65536);
    chunk.set(encodeFrame(2, bytes(1, 2, 3), { maskKey: null }));
    const [f] = p.feed(chunk.subarray(0, 5));
    structuredClone(f!.data.buffer, { transfer: [f!.data.buffer as ArrayBuffer] });
    chunk.set(encodeFrame(2, bytes(4, 5), { maskKey: null }));
    const [g] = p.feed(chunk.subarray(0, 4));
    expect(g!.data).toEqual(bytes(4, 5));
  });

  it("keeps parsed payloads out of the encoder's pool: transferring one detaches no frame to send", () => {
    const outgoing = encodeFrame(2, bytes(9, 9, 9), { maskKey: null });
    const chunk = new Uint8Array(65536);
    chunk.set(encodeFrame(2, bytes(1, 2, 3), { maskKey: null }));
    const [f] = new FrameParser().feed(chunk.subarray(0, 5));
    expect(f!.data.buffer).not.toBe(outgoing.buffer);
    structuredClone(f!.data.buffer, { transfer: [f!.data.buffer as ArrayBuffer] });
    expect(outgoing).toEqual(bytes(0x82, 3, 9, 9, 9));
  });

  it("does not keep or change the chunk of a split payload", () => {
    const payload = new Uint8Array(3000).fill(5);
    const wire = encodeFrame(2, payload, { maskKey: null });
    const p = new FrameParser();
    const part = wire.slice(0, 1000);
    p.feed(part);
    part.fill(0);
    const [f] = p.feed(wire.slice(1000));
    expect(f!.data).toEqual(payload);
  });

  it("grows the buffer of a large split payload as bytes arrive, not up front", () => {
    const n = 3 * 1024 * 1024;
    const wire = encodeFrame(2, new Uint8Array(n).fill(6), { maskKey: null });
    const p = new FrameParser();
    p.feed(wire.subarray(0, 20));
    expect(p.bufferedBytes).toBe(10);
    const frames: ABNF[] = [];
    for (let i = 20; i < wire.length; i += 65536)
      frames.push(...p.feed(wire.subarray(i, i + 65536)));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data).toHaveLength(n);
    expect(frames[0]!.data.every((b) => b === 6)).toBe(true);
  });

  it("unmasks a split masked payload", () => {
    const payload = new Uint8Array(200_000).map((_, i) => i);
    const wire = encodeFrame(2, payload);
    const p = new FrameParser({ expectMasked: true });
    const frames: ABNF[] = [];
    for (let i = 0; i < wire.length; i += 7777) frames.push(...p.feed(wire.subarray(i, i + 7777)));
    expect(frames[0]!.data).toEqual(payload);
  });
});

describe("RFC 6455 §7.1.7 Fail the WebSocket Connection (feedAll)", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const one = encodeFrame(1, enc("one"), { maskKey: null });
  const two = encodeFrame(1, enc("two"), { maskKey: null });

  it("returns the frames before a reserved opcode (§5.2) and the 1002 error", () => {
    const p = new FrameParser();
    const { frames, error } = p.feedAll(join(one, two, bytes(0x83, 0x00), one));
    expect(frames.map(text)).toEqual(["one", "two"]);
    expect(error).toBeInstanceOf(WebSocketProtocolException);
    expect(error!.closeCode).toBe(1002);
    expect(error!.message).toMatch(/opcode 3/);
  });

  it("returns the frames before a masked frame from a server (§5.1)", () => {
    const { frames, error } = new FrameParser().feedAll(
      join(one, encodeFrame(2, bytes(1, 2), { maskKey: bytes(1, 2, 3, 4) })),
    );
    expect(frames.map(text)).toEqual(["one"]);
    expect(error!.closeCode).toBe(1002);
  });

  it("returns the frames before a payload over maxPayload (1009, checked on the header)", () => {
    const { frames, error } = new FrameParser({ maxPayload: 10 }).feedAll(
      join(one, bytes(0x82, 0x7e, 0x01, 0x00)),
    );
    expect(frames.map(text)).toEqual(["one"]);
    expect(error).toBeInstanceOf(WebSocketPayloadException);
    expect(error!.closeCode).toBe(1009);
  });

  it("returns the frames before a close reason that is not UTF-8 (§5.5.1, 1007)", () => {
    const close = encodeFrame(8, bytes(0x03, 0xe8, 0xc3, 0x28), { maskKey: null });
    const { frames, error } = new FrameParser().feedAll(join(one, two, close));
    expect(frames.map(text)).toEqual(["one", "two"]);
    expect(error!.closeCode).toBe(1007);
  });

  it("finishes a frame split over chunks before the violation in the same chunk", () => {
    const p = new FrameParser();
    const big = encodeFrame(2, new Uint8Array(5000).fill(7), { maskKey: null });
    expect(p.feedAll(big.subarray(0, 3000))).toEqual({ frames: [], error: null });
    const { frames, error } = p.feedAll(join(big.subarray(3000), one, bytes(0x89, 0x7e)));
    expect(frames).toHaveLength(2);
    expect(frames[0]!.data).toEqual(new Uint8Array(5000).fill(7));
    expect(text(frames[1]!)).toBe("one");
    expect(error!.message).toMatch(/control frame/);
  });

  it("gives error null and the same frames as feed for a valid chunk", () => {
    const { frames, error } = new FrameParser().feedAll(join(one, two));
    expect(error).toBeNull();
    expect(frames.map(text)).toEqual(["one", "two"]);
  });

  it("leaves the parser failed: later feedAll returns the same error, feed throws it", () => {
    const p = new FrameParser();
    const first = p.feedAll(join(one, bytes(0xc1, 0x00))).error;
    expect(first).not.toBeNull();
    expect(p.feedAll(one)).toEqual({ frames: [], error: first });
    expect(errorOf(() => p.feed(one))).toBe(first);
    expect(p.bufferedBytes).toBe(0);
  });

  it("reports the error a throwing feed left behind", () => {
    const p = new FrameParser();
    const thrown = errorOf(() => p.feed(join(one, bytes(0x83, 0x00))));
    expect(p.feedAll(one).error).toBe(thrown);
  });

  it("throws for a chunk that is not a Uint8Array (a caller mistake, not peer input)", () => {
    expect(() => new FrameParser().feedAll("x" as unknown as Uint8Array)).toThrow(/Uint8Array/);
  });
});
