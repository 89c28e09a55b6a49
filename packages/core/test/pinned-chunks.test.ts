import { rawHandshake, startRawServer, until } from "@wsclient-tools/test-utils";
import { describe, expect, it } from "vitest";
import { createConnection } from "../src/index.js";

const KiB = 1024;

describe("small messages viewing large socket chunks", () => {
  it("count each chunk's memory once, so reading pauses at the mark and resumes to zero", async () => {
    const total = 200_000;
    const raw = await startRawServer((socket) =>
      rawHandshake(socket, (s) => {
        const one = Buffer.from([0x82, 0x10, ...new Uint8Array(16).fill(0x33)]);
        const batch = Buffer.concat(Array.from({ length: 10_000 }, () => one));
        for (let i = 0; i < total / 10_000; i++) s.write(batch); // 3.6 MB of 16 B messages
      }),
    );
    try {
      const ws = await createConnection(raw.url, { timeout: 3000, readHighWaterMark: 256 * KiB });
      await until(() => ws.readPaused, 5000, "reading paused");
      // Each queued 16 B message counts 128 B of overhead; its chunk counts once.
      expect(ws.queuedBytes).toBeGreaterThanOrEqual(256 * KiB);
      expect(ws.queuedBytes).toBeLessThanOrEqual(256 * KiB + 64 * KiB * 10);
      for (let i = 0; i < total; i++) {
        const msg = (await ws.recv()) as Uint8Array;
        if (msg.length !== 16 || msg[15] !== 0x33) throw new Error(`message ${i} is wrong`);
      }
      expect(ws.queuedBytes).toBe(0);
      ws.shutdown();
    } finally {
      await raw.close();
    }
  }, 30_000);
});
