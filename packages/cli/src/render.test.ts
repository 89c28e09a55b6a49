import { deflateRawSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { hexDump, pyRepr } from "./py-repr.js";
import { detectCompressed, renderBinary, renderMessage } from "./render.js";

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe("Python repr of bytes", () => {
  it.each([
    [bytes(0x00, 0xff), "b'\\x00\\xff'"],
    [new TextEncoder().encode("hi\n\t\r\\"), "b'hi\\n\\t\\r\\\\'"],
    [new TextEncoder().encode("it's"), `b"it's"`],
    [new TextEncoder().encode(`'"`), `b'\\'"'`],
    [bytes(), "b''"],
  ])("%j → %s", (data, repr) => {
    expect(pyRepr(data)).toBe(repr);
  });
});

describe("received binary", () => {
  it("detects gzip and raw deflate as Python's wsdump does", () => {
    expect(detectCompressed(gzipSync("gz-hello"))).toBe("[gzip] gz-hello");
    expect(detectCompressed(deflateRawSync("zl-hello"))).toBe("[zlib] zl-hello");
    expect(detectCompressed(bytes(0x00, 0xff))).toBeNull();
    expect(renderBinary(bytes(0x00, 0xff), "repr")).toBe("b'\\x00\\xff'");
  });

  it("renders hex and base64 on request, without guessing", () => {
    expect(renderBinary(gzipSync("x"), "hex")).toMatch(/^1f8b/);
    expect(renderBinary(bytes(0xfb, 0xff), "base64")).toBe("+/8=");
  });

  it("prefixes the opcode name when verbose", () => {
    const o = { verbose: true, format: "repr" as const };
    expect(renderMessage(1, "hello", o)).toBe("text: hello");
    expect(renderMessage(2, bytes(0), o)).toBe("binary: b'\\x00'");
    expect(renderMessage(9, new TextEncoder().encode("hi"), o)).toBe("ping: b'hi'");
    expect(renderMessage(8, bytes(0x03, 0xe8, 0x62, 0x79, 0x65), o)).toBe("close: 1000 bye");
    expect(renderMessage(1, "hello", { verbose: false, format: "repr" })).toBe("hello");
  });

  it("hex dump for -vv", () => {
    expect(hexDump(new TextEncoder().encode("Hello"))).toEqual([
      `00000000  ${"48 65 6c 6c 6f".padEnd(47)}  |Hello|`,
    ]);
    expect(hexDump(new Uint8Array(40), 16).at(-1)).toBe("… 24 more bytes");
  });
});
