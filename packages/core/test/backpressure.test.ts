import { WebSocketConnectionClosedException, WebSocketTimeoutException } from "@wsclient/errors";
import { rawHandshake, startRawServer, until, within } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSocket as WsPeer } from "ws";
import { createConnection } from "../src/index.js";
import { READ_BUFFER_SIZE } from "../src/read-sink.js";
import { startWsServer } from "./helpers.js";

const KiB = 1024;
const MiB = 1024 * KiB;
let server: Awaited<ReturnType<typeof startWsServer>>;
let peer: WsPeer | null = null;

beforeAll(async () => {
  server = await startWsServer();
  server.wss.on("connection", (ws, req) => {
    peer = ws;
    if (req.url?.startsWith("/flood")) {
      // 64 MiB in 64 KiB messages, queued at once: ws buffers what the socket refuses.
      const payload = Buffer.alloc(64 * KiB, 0x5a);
      for (let i = 0; i < 1024; i++) {
        const msg = Buffer.from(payload);
        msg.writeUInt32BE(i, 0);
        ws.send(msg);
      }
    } else {
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    }
  });
});
afterAll(async () => {
  await server.close();
});

describe("receive backpressure (readHighWaterMark)", () => {
  it("stops reading at the high-water mark, resumes when drained, loses nothing", async () => {
    const ws = await createConnection(`${server.url}/flood`, {
      timeout: 10_000,
      readHighWaterMark: 1 * MiB,
    });
    await until(() => peer !== null, 3000, "server connection");
    // Nobody takes messages: reading pauses once the queue holds the mark.
    await until(() => ws.readPaused, 10_000, "reading paused");
    // The client stopped reading: most of the 64 MiB is still queued at the server
    // (what the kernel buffers hold in between is far below 32 MiB).
    expect(peer!.bufferedAmount).toBeGreaterThan(32 * MiB);
    expect(ws.readPaused).toBe(true);
    expect(ws.queuedBytes).toBeGreaterThanOrEqual(1 * MiB);
    // Held: at most the mark plus one read (and a message's item overhead).
    const bound = 1 * MiB + READ_BUFFER_SIZE + 64 * KiB + 2 * 128;
    expect(ws.queuedBytes).toBeLessThanOrEqual(bound);

    // Taking messages resumes reading; every message arrives, in order.
    for (let i = 0; i < 1024; i++) {
      const msg = (await ws.recv()) as Uint8Array;
      expect(msg.length).toBe(64 * KiB);
      expect(Buffer.from(msg).readUInt32BE(0)).toBe(i);
      expect(ws.queuedBytes).toBeLessThanOrEqual(bound);
    }
    expect(peer!.bufferedAmount).toBe(0);
    ws.shutdown();
  }, 30_000);
});

describe("send backpressure", () => {
  it("send waits for 'drain' when the socket buffer is full and every byte arrives", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 10_000 });
    const big = new Uint8Array(8 * MiB).fill(7);
    const n = await ws.send(big);
    expect(n).toBe(8 * MiB + 14);
    // The socket's buffer did not keep the 8 MiB frame once send resolved.
    expect(ws.sock!.writableLength).toBe(0);
    const back = (await ws.recv()) as Uint8Array;
    expect(back.length).toBe(8 * MiB);
    ws.shutdown();
  }, 30_000);
});

describe("send backpressure against a peer that stops reading", () => {
  it("send resolves only once the kernel has the frame, so it stops resolving (then times out)", async () => {
    const raw = await startRawServer((socket) => rawHandshake(socket, (s) => s.pause()));
    try {
      const ws = await createConnection(raw.url, { timeout: 3000 });
      ws.setTimeout(300);
      const msg = new Uint8Array(64 * KiB);
      let sent = 0;
      let error: unknown = null;
      for (let i = 0; i < 10_000 && error === null; i++) {
        try {
          await ws.send(msg);
          sent++;
          // A resolved send is in the kernel: nothing of it waits in Node's buffer.
          expect(ws.sock!.writableLength).toBe(0);
        } catch (err) {
          error = err;
        }
      }
      expect(error).toBeInstanceOf(WebSocketTimeoutException);
      expect(sent).toBeLessThan(10_000); // bounded by the kernel's buffers
      ws.shutdown();
    } finally {
      await raw.close();
    }
  }, 30_000);
});

describe("a flood of empty control frames", () => {
  it("counts per-item overhead, so empty pings nobody takes still pause reading", async () => {
    const raw = await startRawServer((socket) =>
      rawHandshake(socket, (s) => {
        const ping = Buffer.from([0x89, 0x00]);
        const batch = Buffer.concat(Array.from({ length: 10_000 }, () => ping));
        for (let i = 0; i < 100; i++) s.write(batch); // 1 000 000 empty pings
      }),
    );
    try {
      const ws = await createConnection(raw.url, { timeout: 3000, readHighWaterMark: 64 * KiB });
      await until(() => ws.readPaused, 5000, "reading paused");
      // At most one read of 2-byte frames beyond the mark.
      expect(ws.queuedBytes).toBeLessThanOrEqual(64 * KiB + (READ_BUFFER_SIZE / 2) * 130);
      const [opcode] = await ws.recvData(true);
      expect(opcode).toBe(9);
      ws.shutdown();
    } finally {
      await raw.close();
    }
  }, 30_000);
});

describe("close() against a peer that stopped reading", () => {
  it("returns after its timeout even with sends stuck behind a full buffer", async () => {
    const raw = await startRawServer((socket) => rawHandshake(socket, (s) => s.pause()));
    try {
      const ws = await createConnection(raw.url, { timeout: 3000 });
      ws.setTimeout(null); // sends wait for the kernel forever
      const msg = new Uint8Array(256 * KiB);
      const stuck: Promise<unknown>[] = [];
      for (let i = 0; i < 200; i++) stuck.push(ws.send(msg).catch((e: unknown) => e));
      // The close frame cannot get past the stuck sends and nobody answers:
      // close() gives up when its timeout elapses, and does return.
      await within(ws.close({ timeout: 300 }), 10_000, "close()");
      // The stuck sends end with a typed error once the socket is gone.
      const results = await Promise.all(stuck);
      console.log("DEBUG", results.slice(0, 3), results.slice(-3));
      expect(results.some((r) => r instanceof WebSocketConnectionClosedException)).toBe(true);
    } finally {
      await raw.close();
    }
  }, 30_000);
});
