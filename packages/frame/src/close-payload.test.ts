import { WebSocketPayloadException, WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { formatClosePayload, parseClosePayload } from "./close-payload.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("RFC 6455 §5.5.1 Close", () => {
  it("reads code and reason", () => {
    expect(parseClosePayload(bytes(0x03, 0xe9, 0x62, 0x79, 0x65))).toEqual({
      code: 1001,
      reason: "bye",
    });
    expect(parseClosePayload(bytes(0x03, 0xe8))).toEqual({ code: 1000, reason: "" });
  });

  it("§7.1.5: no status code is 1005", () => {
    expect(parseClosePayload(new Uint8Array(0))).toEqual({ code: 1005, reason: "" });
  });

  it("a 1-byte payload is a protocol error (1002)", () => {
    const err = thrown(() => parseClosePayload(bytes(0x03)));
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    expect((err as WebSocketProtocolException).closeCode).toBe(1002);
  });

  it.each([0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535])(
    "code %i is a protocol error (1002)",
    (code) => {
      const err = thrown(() => parseClosePayload(bytes(code >> 8, code & 0xff)));
      expect(err).toBeInstanceOf(WebSocketProtocolException);
      expect((err as WebSocketProtocolException).closeCode).toBe(1002);
      expect((err as Error).message).toContain(String(code));
    },
  );

  it.each([1000, 1003, 1007, 1014, 3000, 4999])("code %i is accepted", (code) => {
    expect(parseClosePayload(bytes(code >> 8, code & 0xff)).code).toBe(code);
  });

  it("§8.1: a reason that is not UTF-8 is invalid payload (1007), unless skipped", () => {
    const payload = bytes(
      0x03,
      0xe8,
      0xce,
      0xba,
      0xe1,
      0xbd,
      0xb9,
      0xcf,
      0x83,
      0xce,
      0xbc,
      0xce,
      0xb5,
      0xed,
      0xa0,
      0x80,
    );
    const err = thrown(() => parseClosePayload(payload));
    expect(err).toBeInstanceOf(WebSocketPayloadException);
    expect((err as WebSocketPayloadException).closeCode).toBe(1007);
    expect(parseClosePayload(payload, { skipUtf8Validation: true }).code).toBe(1000);
    // A reason cut in the middle of a sequence is just as invalid.
    expect(() => parseClosePayload(bytes(0x03, 0xe8, 0xce))).toThrow(WebSocketPayloadException);
  });

  it("a payload over 125 bytes is a protocol error", () => {
    const big = new Uint8Array(126).fill(0x61);
    big[0] = 0x03;
    big[1] = 0xe8;
    expect(() => parseClosePayload(big)).toThrow(WebSocketProtocolException);
  });

  it("formats code and reason", () => {
    expect(formatClosePayload()).toEqual(bytes(0x03, 0xe8));
    expect(formatClosePayload(1001, "bye")).toEqual(bytes(0x03, 0xe9, 0x62, 0x79, 0x65));
    expect(formatClosePayload(4000, bytes(0xff))).toEqual(bytes(0x0f, 0xa0, 0xff));
    expect(formatClosePayload(1000, "κ")).toEqual(bytes(0x03, 0xe8, 0xce, 0xba));
    expect(formatClosePayload(1005)).toEqual(new Uint8Array(0));
  });

  it("refuses to format a code that may not be sent or a reason over 123 bytes", () => {
    for (const code of [999, 1004, 1005, 1006, 1015, 2000, 5000]) {
      expect(() => formatClosePayload(code, "x")).toThrow(WebSocketProtocolException);
    }
    expect(formatClosePayload(1000, "a".repeat(123))).toHaveLength(125);
    expect(() => formatClosePayload(1000, "a".repeat(124))).toThrowError(/124 bytes/);
    expect(() => formatClosePayload(1000, "é".repeat(62))).toThrowError(/124 bytes/);
  });

  it("format ∘ parse round-trips", () => {
    for (const [code, reason] of [
      [1000, ""],
      [1011, "internal"],
      [3999, "ünïcødé ☃"],
    ] as const) {
      expect(parseClosePayload(formatClosePayload(code, reason))).toEqual({ code, reason });
    }
  });
});
