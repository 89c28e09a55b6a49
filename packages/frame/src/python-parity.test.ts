import { WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { ABNF } from "./abnf.js";
import { FrameParser } from "./frame-parser.js";
import { Utf8Validator } from "./utf8-validator.js";

// The behaviours Python websocket-client's own ABNF tests pin down
// (websocket/tests/test_abnf.py), checked against this port.
const bytes = (...b: number[]) => Uint8Array.from(b);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("Python websocket-client parity (test_abnf.py)", () => {
  it("the constructor stores what it is given, valid or not", () => {
    const a = new ABNF(0, 0, 0, 0, ABNF.OPCODE_PING);
    expect([a.fin, a.rsv1, a.rsv2, a.rsv3, a.opcode]).toEqual([0, 0, 0, 0, 9]);
    expect(a.data).toHaveLength(0);
    const bad = new ABNF(0, 1, 0, 0, 77);
    expect([bad.rsv1, bad.opcode]).toEqual([1, 77]);
  });

  it("validate refuses what Python refuses", () => {
    const cases = [
      new ABNF(0, 0, 0, 0, ABNF.OPCODE_PING), // fragmented ping
      new ABNF(0, 1, 0, 0, ABNF.OPCODE_TEXT), // rsv1 with no extension
      new ABNF(0, 0, 0, 0, 77), // unknown opcode
      new ABNF(1, 0, 0, 0, ABNF.OPCODE_CLOSE, 1, bytes(0x01)), // 1-byte close
      new ABNF(1, 0, 0, 0, ABNF.OPCODE_CLOSE, 1, bytes(0x01, 0x8a, 0xaa, 0xff, 0xdd)), // code 394
    ];
    for (const f of cases) expect(() => f.validate(false)).toThrow(WebSocketProtocolException);
    // Code 999 is refused even when UTF-8 checks are skipped.
    const c999 = new ABNF(1, 0, 0, 0, ABNF.OPCODE_CLOSE, 0, bytes(0x03, 0xe7));
    expect(() => c999.validate(true)).toThrowError(/999/);
    expect(() => new ABNF(0, 0, 0, 0, 5).validate()).toThrowError(/opcode 5/);
  });

  it("format: bits, opcode, masked and unmasked lengths, and the printed form", () => {
    expect(() => new ABNF(2, 0, 0, 0, ABNF.OPCODE_TEXT).format()).toThrow(
      WebSocketProtocolException,
    );
    expect(() => new ABNF(0, 0, 0, 0, 5).format()).toThrow(WebSocketProtocolException);
    const ten = new ABNF(0, 0, 0, 0, ABNF.OPCODE_TEXT, 1, "abcdefghij");
    expect(Array.from(ten.format().subarray(0, 2))).toEqual([0x01, 0x8a]);
    expect(String(ten)).toBe("fin=0 opcode=1 data=abcdefghij");
    const twenty = new ABNF(0, 0, 0, 0, ABNF.OPCODE_BINARY, 1, "abcdefghijabcdefghij");
    expect(Array.from(twenty.format().subarray(0, 2))).toEqual([0x02, 0x94]);
    const noMask = new ABNF(0, 0, 0, 0, ABNF.OPCODE_TEXT, 0, bytes(0x01, 0x8a, 0xcc));
    expect(noMask.format()).toEqual(bytes(0x01, 0x03, 0x01, 0x8a, 0xcc));
  });

  it("format encodes 16- and 64-bit lengths", () => {
    const f126 = new ABNF(1, 0, 0, 0, ABNF.OPCODE_TEXT, 0, latin1("x".repeat(126))).format();
    expect(Array.from(f126.subarray(1, 4))).toEqual([0x7e, 0x00, 0x7e]);
    const f66000 = new ABNF(1, 0, 0, 0, ABNF.OPCODE_BINARY, 0, new Uint8Array(66000)).format();
    expect(f66000[1]).toBe(0x7f);
    expect(new DataView(f66000.buffer, f66000.byteOffset + 2, 8).getBigUint64(0)).toBe(66000n);
  });

  it("mask XORs with the 4-byte key", () => {
    const key = bytes(1, 2, 3, 4);
    const data = bytes(5, 6, 7, 8, 9);
    expect(ABNF.mask(key, data)).toEqual(data.map((b, i) => b ^ key[i % 4]!));
  });

  it("a frame read in chunks [1], [1], [2], [rest] comes out whole", () => {
    const wire = bytes(0x81, 0x05, ...latin1("Hello"));
    const p = new FrameParser();
    const out = [
      wire.subarray(0, 1),
      wire.subarray(1, 2),
      wire.subarray(2, 4),
      wire.subarray(4),
    ].flatMap((c) => p.feed(c));
    expect(out).toHaveLength(1);
    expect([out[0]!.fin, out[0]!.opcode]).toEqual([1, 1]);
    expect(new TextDecoder().decode(out[0]!.data)).toBe("Hello");
  });

  it("invalid UTF-8 split across a text message's fragments is refused (F0 28 | 8C 28)", () => {
    const v = new Utf8Validator();
    // Python only notices at the end of the message; the stream check fails on the first piece.
    expect(v.push(bytes(0xf0, 0x28))).toBe(false);
    expect(v.push(bytes(0x8c, 0x28))).toBe(false);
    expect(v.end()).toBe(false);
  });
});
