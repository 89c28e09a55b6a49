import { describe, expect, it } from "vitest";
import { MessageBuffer } from "./message-buffer.js";

describe("MessageBuffer (fragment assembly bounded by bytes)", () => {
  it("assembles appended pieces in order", () => {
    const b = new MessageBuffer(0);
    b.append(new Uint8Array([1, 2]));
    b.append(new Uint8Array([]));
    b.append(new Uint8Array([3]));
    expect(b.length).toBe(3);
    expect([...b.take()]).toEqual([1, 2, 3]);
    expect(b.length).toBe(0);
  });

  it("never allocates beyond the cap for a message within it", () => {
    const cap = 10_000;
    const b = new MessageBuffer(cap);
    for (let i = 0; i < 100; i++) b.append(new Uint8Array(100).fill(i));
    const out = b.take();
    expect(out.length).toBe(10_000);
    expect(out.buffer.byteLength).toBeLessThanOrEqual(cap);
    expect(out[9_999]).toBe(99);
  });

  it("trims large slack on take", () => {
    const b = new MessageBuffer(0);
    b.append(new Uint8Array(1025)); // capacity doubles to 2048
    const out = b.take();
    expect(out.length).toBe(1025);
    expect(out.buffer.byteLength).toBe(1025);
  });
});
