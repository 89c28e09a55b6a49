// The send side's recycled frame buffers: only what was lent comes back, once;
// at most two idle, never one over 4 MiB.
import { describe, expect, it } from "vitest";
import { allocFrameBuffer, releaseFrameBuffer } from "./frame-buffers.js";

const MiB = 1024 * 1024;

describe("frame buffers for large sends", () => {
  it("a released buffer serves the next frame that fits in it", () => {
    const a = allocFrameBuffer(MiB + 14);
    expect(a.length).toBe(MiB + 14);
    releaseFrameBuffer(a);
    const b = allocFrameBuffer(MiB);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(MiB);
    releaseFrameBuffer(b);
  });

  it("a buffer still lent is never handed out again", () => {
    const a = allocFrameBuffer(100_000);
    const b = allocFrameBuffer(100_000);
    expect(b.buffer).not.toBe(a.buffer);
    releaseFrameBuffer(a);
    releaseFrameBuffer(b);
  });

  it("ignores a second release and arrays it did not lend", () => {
    const a = allocFrameBuffer(3 * MiB);
    releaseFrameBuffer(a);
    releaseFrameBuffer(a); // twice: must not be handed out twice
    releaseFrameBuffer(new Uint8Array(5 * MiB)); // not lent
    const b = allocFrameBuffer(3 * MiB);
    const c = allocFrameBuffer(3 * MiB);
    expect(b.buffer).toBe(a.buffer);
    expect(c.buffer).not.toBe(a.buffer);
    releaseFrameBuffer(b);
    releaseFrameBuffer(c);
  });

  it("keeps at most two idle buffers (the larger ones) and none over 4 MiB", () => {
    const sizes = [3.25 * MiB, 3.5 * MiB, 3.75 * MiB, 5 * MiB];
    const lent = sizes.map((n) => allocFrameBuffer(n));
    for (const buf of lent) releaseFrameBuffer(buf);
    // The 3.5 and 3.75 MiB buffers are kept; 3.25 MiB made way, 5 MiB was never kept.
    const again = sizes.map((n) => allocFrameBuffer(n));
    expect(again[0]!.buffer).toBe(lent[1]!.buffer); // 3.25 MiB fits the smallest kept: 3.5 MiB
    expect(again[1]!.buffer).toBe(lent[2]!.buffer);
    expect(again[2]!.buffer).not.toBe(lent[2]!.buffer);
    expect(again[3]!.buffer).not.toBe(lent[3]!.buffer);
    for (const buf of again) releaseFrameBuffer(buf);
  });
});
