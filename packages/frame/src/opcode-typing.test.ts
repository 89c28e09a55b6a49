import { describe, expect, expectTypeOf, it } from "vitest";
import { ABNF } from "./abnf.js";
import { encodeFrame } from "./encode-frame.js";
import { FrameParser } from "./frame-parser.js";
import { OPCODE_MAP, type Opcode } from "./opcodes.js";

describe("a parsed frame's opcode is an Opcode", () => {
  it("types opcode as Opcode, so OPCODE_MAP[f.opcode] needs no cast under --strict", () => {
    const [f] = new FrameParser().feed(encodeFrame(2, Uint8Array.of(1), { maskKey: null }));
    expectTypeOf(f!.opcode).toEqualTypeOf<Opcode>();
    const name: string = ABNF.OPCODE_MAP[f!.opcode];
    expect(name).toBe("binary");
    expect(OPCODE_MAP[f!.opcode]).toBe("binary");
  });

  it("still accepts any number when built by hand (as Python does); validate() refuses it", () => {
    const f = new ABNF(1, 0, 0, 0, 5);
    expect(f.opcode).toBe(5);
    expect(() => f.validate()).toThrow(/opcode 5/);
  });
});
