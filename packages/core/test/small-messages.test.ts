import { rawHandshake, startRawServer, until } from "@wsclient-tools/test-utils";
import { describe, expect, it } from "vitest";
import { createConnection } from "../src/index.js";
import { READ_BUFFER_SIZE } from "../src/read-sink.js";

const KiB = 1024;
/** Bytes a queued item counts beyond its payload (connection.ts). */
const ITEM_OVERHEAD = 128;

describe("small messages from large socket reads", () => {
  it("each is copied once into a buffer of exactly its size: a kept message pins nothing", async () => {
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
      // Paused at the mark, at most one read beyond it (each 16 B message counts 144 B).
      expect(ws.queuedBytes).toBeGreaterThanOrEqual(256 * KiB);
      const perRead = (READ_BUFFER_SIZE / 18) * (16 + ITEM_OVERHEAD);
      expect(ws.queuedBytes).toBeLessThanOrEqual(256 * KiB + perRead);
      const kept: Uint8Array[] = [];
      for (let i = 0; i < total; i++) {
        const msg = (await ws.recv()) as Uint8Array;
        if (msg.length !== 16 || msg[15] !== 0x33) throw new Error(`message ${i} is wrong`);
        if (i % 10_000 === 0) kept.push(msg);
      }
      expect(ws.queuedBytes).toBe(0);
      for (const msg of kept) expect(msg.buffer.byteLength).toBe(16);
      ws.shutdown();
    } finally {
      await raw.close();
    }
  }, 30_000);
});
