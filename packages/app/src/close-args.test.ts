import { describe, expect, it } from "vitest";
import { parseCloseArgs } from "./close-args.js";

describe("RFC 6455 §5.5.1 close payload → onClose arguments", () => {
  it("reads the status code and the UTF-8 reason", () => {
    const reason = new TextEncoder().encode("bye ✓");
    expect(parseCloseArgs(Uint8Array.from([0x03, 0xe9, ...reason]))).toEqual([1001, "bye ✓"]);
    expect(parseCloseArgs(Uint8Array.from([0x03, 0xe8]))).toEqual([1000, ""]);
  });
  it("gives nulls for no payload or one shorter than two bytes", () => {
    expect(parseCloseArgs(undefined)).toEqual([null, null]);
    expect(parseCloseArgs(new Uint8Array())).toEqual([null, null]);
    expect(parseCloseArgs(Uint8Array.from([3]))).toEqual([null, null]);
  });
});
