import { WebSocketPayloadException, type WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { ABNF, Frame } from "./abnf.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);
const fixedKey =
  (...k: number[]) =>
  () =>
    Uint8Array.from(k);

function closeCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return (err as WebSocketProtocolException).closeCode;
  }
  throw new Error("expected a throw");
}

describe("ABNF (Python's frame class)", () => {
  it("has Python's constructor order and defaults", () => {
    const f = new ABNF();
    expect([f.fin, f.rsv1, f.rsv2, f.rsv3, f.opcode, f.mask]).toEqual([0, 0, 0, 0, 1, 1]);
    expect(f.data).toEqual(new Uint8Array(0));
    expect(new ABNF(1, 0, 0, 0, 2, 0, null).data).toEqual(new Uint8Array(0));
    expect(Frame).toBe(ABNF);
  });

  it("has Python's opcode constants, OPCODES, OPCODE_MAP and length thresholds", () => {
    expect([
      ABNF.OPCODE_CONT,
      ABNF.OPCODE_TEXT,
      ABNF.OPCODE_BINARY,
      ABNF.OPCODE_CLOSE,
      ABNF.OPCODE_PING,
      ABNF.OPCODE_PONG,
    ]).toEqual([0, 1, 2, 8, 9, 10]);
    expect(ABNF.OPCODES).toEqual([0, 1, 2, 8, 9, 10]);
    expect(ABNF.OPCODE_MAP).toEqual({
      0: "cont",
      1: "text",
      2: "binary",
      8: "close",
      9: "ping",
      10: "pong",
    });
    expect([ABNF.LENGTH_7, ABNF.LENGTH_16, ABNF.LENGTH_63]).toEqual([126, 65536, 2 ** 63]);
  });

  it("createFrame UTF-8 encodes strings, masks, sets fin=1 and no rsv bits", () => {
    const f = ABNF.createFrame("κ", ABNF.OPCODE_TEXT);
    expect([f.fin, f.rsv1, f.rsv2, f.rsv3, f.opcode, f.mask]).toEqual([1, 0, 0, 0, 1, 1]);
    expect(f.data).toEqual(bytes(0xce, 0xba));
    expect(ABNF.createFrame(bytes(1, 2), ABNF.OPCODE_BINARY, 0).fin).toBe(0);
  });

  it("toString prints like Python", () => {
    expect(String(new ABNF(1, 0, 0, 0, 1, 1, "hi"))).toBe("fin=1 opcode=1 data=hi");
    expect(String(new ABNF(1, 0, 0, 0, 2, 1, bytes(0xab, 1)))).toBe("fin=1 opcode=2 data=ab01");
  });
});

describe("RFC 6455 §5.7 Examples (format)", () => {
  it("a single-frame unmasked text message", () => {
    const f = new ABNF(1, 0, 0, 0, ABNF.OPCODE_TEXT, 0, "Hello");
    expect(f.format()).toEqual(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f));
  });

  it("a single-frame masked text message", () => {
    const f = ABNF.createFrame("Hello", ABNF.OPCODE_TEXT);
    f.getMaskKey = fixedKey(0x37, 0xfa, 0x21, 0x3d);
    expect(f.format()).toEqual(
      bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
    );
  });

  it("a fragmented unmasked text message", () => {
    expect(new ABNF(0, 0, 0, 0, ABNF.OPCODE_TEXT, 0, "Hel").format()).toEqual(
      bytes(0x01, 0x03, 0x48, 0x65, 0x6c),
    );
    expect(new ABNF(1, 0, 0, 0, ABNF.OPCODE_CONT, 0, "lo").format()).toEqual(
      bytes(0x80, 0x02, 0x6c, 0x6f),
    );
  });

  it("unmasked ping and masked pong", () => {
    expect(new ABNF(1, 0, 0, 0, ABNF.OPCODE_PING, 0, "Hello").format()).toEqual(
      bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f),
    );
    const pong = ABNF.createFrame("Hello", ABNF.OPCODE_PONG);
    pong.getMaskKey = fixedKey(0x37, 0xfa, 0x21, 0x3d);
    expect(pong.format()).toEqual(
      bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
    );
  });

  it("256 bytes binary message in a single unmasked frame", () => {
    const out = new ABNF(1, 0, 0, 0, ABNF.OPCODE_BINARY, 0, new Uint8Array(256)).format();
    expect(out.subarray(0, 4)).toEqual(bytes(0x82, 0x7e, 0x01, 0x00));
    expect(out).toHaveLength(4 + 256);
  });

  it("64KiB binary message in a single unmasked frame", () => {
    const out = new ABNF(1, 0, 0, 0, ABNF.OPCODE_BINARY, 0, new Uint8Array(65536)).format();
    expect(out.subarray(0, 10)).toEqual(bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0));
    expect(out).toHaveLength(10 + 65536);
  });
});

describe("RFC 6455 §5.2 Base Framing Protocol (length boundaries)", () => {
  const header = (n: number, masked: boolean) => {
    const f = new ABNF(1, 0, 0, 0, ABNF.OPCODE_BINARY, masked ? 1 : 0, new Uint8Array(n));
    f.getMaskKey = fixedKey(1, 2, 3, 4);
    return f.format();
  };

  it.each([
    [0, [0x82, 0x00]],
    [125, [0x82, 0x7d]],
    [126, [0x82, 0x7e, 0x00, 0x7e]],
    [65535, [0x82, 0x7e, 0xff, 0xff]],
    [65536, [0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0]],
  ])("payload of %i bytes uses the minimal length encoding", (n, head) => {
    const out = header(n, false);
    expect(Array.from(out.subarray(0, head.length))).toEqual(head);
    expect(out).toHaveLength(head.length + n);
    const masked = header(n, true);
    expect(masked[1]! & 0x80).toBe(0x80);
    expect(Array.from(masked.subarray(head.length, head.length + 4))).toEqual([1, 2, 3, 4]);
    expect(masked).toHaveLength(head.length + 4 + n);
  });

  it("sets fin and rsv bits where §5.2 puts them", () => {
    const f = new ABNF(1, 1, 1, 1, ABNF.OPCODE_BINARY, 0, "");
    expect(f.format()[0]).toBe(0xf2);
  });

  it("masks with a fresh CSPRNG key by default", () => {
    const a = ABNF.createFrame("same", ABNF.OPCODE_TEXT).format();
    const b = ABNF.createFrame("same", ABNF.OPCODE_TEXT).format();
    expect(a.subarray(2, 6)).not.toEqual(b.subarray(2, 6));
    expect(ABNF.mask(a.subarray(2, 6), a.subarray(6))).toEqual(utf8("same"));
  });

  it("accepts a Python-style string mask key from getMaskKey", () => {
    const f = ABNF.createFrame("Hello", ABNF.OPCODE_TEXT);
    f.getMaskKey = (() => "7\xfa!=") as unknown as (n: number) => Uint8Array;
    expect(f.format().subarray(2)).toEqual(
      bytes(0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
    );
  });

  it("format refuses what Python refuses, with typed errors", () => {
    expect(() => new ABNF(2, 0, 0, 0, 1, 0, "").format()).toThrowError(/must be 0 or 1/);
    expect(() => new ABNF(1, 0, 0, 0, 3, 0, "").format()).toThrowError(/invalid opcode 3/);
    const f = ABNF.createFrame("x", 1);
    f.getMaskKey = fixedKey(1, 2);
    expect(() => f.format()).toThrowError(/4 bytes/);
    expect(() => new ABNF(1, 0, 0, 0, 1, 0, 42 as unknown as string)).toThrowError(
      /Uint8Array or a string/,
    );
  });
});

describe("RFC 6455 §5 validate()", () => {
  const frame = (
    fin: number,
    rsv: [number, number, number],
    opcode: number,
    data: Uint8Array | string = "",
  ) => new ABNF(fin, rsv[0], rsv[1], rsv[2], opcode, 0, data);

  it("accepts ordinary frames", () => {
    frame(1, [0, 0, 0], 1, "hi").validate();
    frame(0, [0, 0, 0], 2, "hi").validate();
    frame(1, [0, 0, 0], 0, "hi").validate();
    frame(1, [0, 0, 0], 9, "x".repeat(125)).validate();
    frame(1, [0, 0, 0], 8, "").validate();
  });

  it("§5.2: reserved bits are 1002 unless an extension claims RSV1", () => {
    expect(closeCodeOf(() => frame(1, [1, 0, 0], 1).validate())).toBe(1002);
    expect(closeCodeOf(() => frame(1, [0, 1, 0], 1).validate())).toBe(1002);
    expect(closeCodeOf(() => frame(1, [0, 0, 1], 1).validate())).toBe(1002);
    frame(1, [1, 0, 0], 1).validate(false, { allowRsv1: true });
    expect(closeCodeOf(() => frame(1, [0, 1, 0], 1).validate(false, { allowRsv1: true }))).toBe(
      1002,
    );
    // RFC 7692 §6.1: never on control frames or continuation frames.
    expect(closeCodeOf(() => frame(1, [1, 0, 0], 9).validate(false, { allowRsv1: true }))).toBe(
      1002,
    );
    expect(closeCodeOf(() => frame(1, [1, 0, 0], 0).validate(false, { allowRsv1: true }))).toBe(
      1002,
    );
  });

  it.each([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf])("§5.2: reserved opcode %i is 1002", (op) => {
    expect(closeCodeOf(() => frame(1, [0, 0, 0], op).validate())).toBe(1002);
  });

  it.each([8, 9, 10])("§5.5: control opcode %i must have FIN (Python only checks ping)", (op) => {
    expect(closeCodeOf(() => frame(0, [0, 0, 0], op).validate())).toBe(1002);
  });

  it.each([8, 9, 10])("§5.5: control opcode %i must be at most 125 bytes", (op) => {
    const data = new Uint8Array(126);
    data[0] = 0x03;
    data[1] = 0xe8;
    expect(closeCodeOf(() => frame(1, [0, 0, 0], op, data).validate())).toBe(1002);
  });

  it("§5.5.1: close payload rules", () => {
    expect(closeCodeOf(() => frame(1, [0, 0, 0], 8, bytes(0x03)).validate())).toBe(1002);
    expect(closeCodeOf(() => frame(1, [0, 0, 0], 8, bytes(0x03, 0xec)).validate())).toBe(1002);
    frame(1, [0, 0, 0], 8, bytes(0x0b, 0xb8)).validate();
    const badReason = bytes(0x03, 0xe8, 0xff);
    expect(() => frame(1, [0, 0, 0], 8, badReason).validate()).toThrow(WebSocketPayloadException);
    expect(closeCodeOf(() => frame(1, [0, 0, 0], 8, badReason).validate())).toBe(1007);
    frame(1, [0, 0, 0], 8, badReason).validate(true);
  });
});
