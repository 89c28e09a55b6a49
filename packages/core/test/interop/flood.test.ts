/**
 * Backpressure under a 1 GiB flood, asserted on the bytes the client holds,
 * never on the process's memory (RSS depends on the garbage collector and
 * on the machine's load; it is measured side by side with `ws` in
 * `pnpm bench flood`, see docs/performance.md).
 *
 * Receive: a raw-TCP server (its own process, flood-server.mjs) sends 1 GiB
 * in 1 MiB binary messages as fast as the socket takes them; the client
 * takes one message every 2 ms. At every step the bytes the client holds —
 * queued messages plus the frame and message being received — stay within
 * `readHighWaterMark` plus one read buffer, and reading is paused whenever
 * they reach the mark with something to take.
 *
 * Send: the client sends 1 GiB to the same server's slow reader, awaiting
 * each send. A send resolves once the kernel has its bytes, so after each
 * one Node's write buffer holds nothing.
 */
import { until } from "@wsclient-tools/test-utils";
import { describe, expect, it } from "vitest";
import { createConnection, DEFAULT_READ_HIGH_WATER_MARK, type WebSocket } from "../../src/index.js";
import { READ_BUFFER_SIZE } from "../../src/read-sink.js";
import { useServer } from "../servers/use-server.js";

const MiB = 1024 * 1024;
const COUNT = 1024;
/** Bytes a queued item counts beyond its payload (connection.ts). */
const ITEM_OVERHEAD = 128;
const HELD_BOUND = DEFAULT_READ_HIGH_WATER_MARK + READ_BUFFER_SIZE + 2 * ITEM_OVERHEAD;

/** Checks the receive invariant now; returns the bytes held. */
function checkHeld(ws: WebSocket): number {
  const held = ws.queuedBytes;
  expect(held).toBeLessThanOrEqual(HELD_BOUND);
  return held;
}

describe("RFC 6455 §5.6 Data frames under a 1 GiB flood (backpressure both ways)", () => {
  const server = useServer("flood", 40_000);

  it("reads 1 GiB of 1 MiB messages, one every 2 ms, holding at most the read high-water mark plus one read", async () => {
    const ws = await createConnection(`${server.url}/flood?size=${MiB}&count=${COUNT}`, {
      timeout: 30_000,
    });
    let violations = 0;
    let unpausedOver = 0;
    // Between the caller's receives too: on every turn of the event loop.
    let watching = true;
    const watch = () => {
      if (!watching) return;
      const held = ws.queuedBytes;
      if (held > HELD_BOUND) violations++;
      // Over the mark with messages to take: reading must be paused.
      if (held >= DEFAULT_READ_HIGH_WATER_MARK && !ws.readPaused) unpausedOver++;
      setImmediate(watch);
    };
    setImmediate(watch);
    try {
      // Nobody reads yet: the client fills up to the mark and stops reading.
      await until(() => ws.readPaused, 30_000, "reading paused at the mark");
      expect(checkHeld(ws)).toBeGreaterThanOrEqual(DEFAULT_READ_HIGH_WATER_MARK);
      for (let i = 0; i < COUNT; i++) {
        checkHeld(ws);
        const msg = (await ws.recv()) as Uint8Array;
        expect(msg.length).toBe(MiB);
        expect(Buffer.from(msg.buffer, msg.byteOffset, 4).readUInt32BE(0)).toBe(i);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    } finally {
      watching = false;
    }
    expect(violations).toBe(0);
    expect(unpausedOver).toBe(0);
    await expect(ws.recv()).rejects.toMatchObject({ closeCode: 1000 });
    ws.shutdown();
  }, 160_000);

  // The ws client's send() loop buffered the whole 1 GiB against the same
  // sink (peak RSS 1022 MiB, see docs/performance.md).
  it("sends 1 GiB of 1 MiB messages to a slow reader; after each send nothing waits in Node's buffer", async () => {
    const ws = await createConnection(`${server.url}/sink?size=${MiB}&count=${COUNT}`, {
      timeout: 30_000,
    });
    const payload = new Uint8Array(MiB).fill(0x5a);
    let held = 0;
    for (let i = 0; i < COUNT; i++) {
      await ws.sendBinary(payload);
      held = Math.max(held, ws.sock!.writableLength);
    }
    expect(held).toBe(0);
    expect(await ws.recv()).toBe("done");
    ws.shutdown();
  }, 160_000);
});
