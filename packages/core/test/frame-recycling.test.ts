// Large sends are encoded into buffers reused once the kernel has an earlier
// frame: no frame may change while Node or a peer still holds its bytes.
import { Duplex } from "node:stream";
import { FrameParser } from "@wsclient/frame";
import { switchingProtocols } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "../src/index.js";
import { startWsServer } from "./helpers.js";
import { stalledServer } from "./servers/stalled-server.js";

const KiB = 1024;

/** Message `i`: `size` bytes no other message has in the same places. */
const message = (i: number, size: number) =>
  new Uint8Array(size).map((_, j) => (i * 31 + j * 7 + (j >> 8)) & 0xff);

/** Where `got` first differs from `want` (-1: nowhere; compared natively, not by a diffing matcher). */
const firstDifference = (got: Uint8Array | string, want: Uint8Array): number => {
  if (typeof got === "string") return 0;
  const a = Buffer.from(got.buffer, got.byteOffset, got.length);
  const b = Buffer.from(want.buffer, want.byteOffset, want.length);
  if (a.equals(b)) return -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return Math.min(a.length, b.length);
};

/** `arrived` are the `sent` messages, in order, every byte. */
const expectIntact = (arrived: Uint8Array[], sent: Uint8Array[]) => {
  expect(arrived.length).toBe(sent.length);
  expect(arrived.map((msg, i) => firstDifference(msg, sent[i]!))).toEqual(sent.map(() => -1));
};

/** The binary payloads of the masked client frames in `bytes`. */
const binaryPayloads = (bytes: Buffer) =>
  new FrameParser({ expectMasked: true, maxPayload: 0 })
    .feed(bytes)
    .filter((f) => f.opcode === 2)
    .map((f) => f.data);

let echo: Awaited<ReturnType<typeof startWsServer>>;
beforeAll(async () => {
  echo = await startWsServer({ maxPayload: 0 });
  echo.wss.on("connection", (ws) => ws.on("message", (d, bin) => ws.send(d, { binary: bin })));
});
afterAll(async () => {
  await echo.close();
});

describe("recycled frame buffers (sends over 4 KiB)", () => {
  it("awaited and unawaited sends of 5 KiB-3 MiB all arrive intact at a ws echo server", async () => {
    const ws = await createConnection(echo.url, { timeout: 10_000 });
    const sizes = [5 * KiB, 3 * 1024 * KiB, 64 * KiB, 1024 * KiB, 70 * KiB, 2048 * KiB, 8 * KiB];
    const sent: Uint8Array[] = [];
    for (let round = 0; round < 4; round++) {
      // Half awaited one by one, half handed over at once (pending writes).
      const burst: Promise<number>[] = [];
      for (const size of sizes) {
        const msg = message(sent.length, size);
        sent.push(msg);
        if (round % 2 === 0) await ws.sendBinary(msg);
        else burst.push(ws.sendBinary(msg));
      }
      await Promise.all(burst);
    }
    for (const msg of sent) expect(firstDifference(await ws.recv(), msg)).toBe(-1);
    await ws.close();
  }, 30_000);

  it("a frame waiting for a peer that stopped reading is not reused until the kernel took it", async () => {
    const server = await stalledServer();
    try {
      const ws = await createConnection(server.url, { timeout: 10_000 });
      await server.open;
      // 12 × 1 MiB: far more than the loopback buffers hold, so most wait in Node.
      const sent = Array.from({ length: 12 }, (_, i) => message(i, 1024 * KiB));
      const sends = sent.map((msg) => ws.sendBinary(msg));
      const arrived = server.drain();
      await Promise.all(sends);
      ws.shutdown();
      expectIntact(await arrived, sent);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("a caller's own Duplex that keeps the chunks written to it gets frames nobody rewrites", async () => {
    // Keeps every chunk as written (no copy) and calls back at once, as a
    // PassThrough does: a reused buffer would change what it holds.
    const kept: Buffer[] = [];
    let handshaken = false;
    const socket = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, callback) {
        if (!handshaken) {
          handshaken = true;
          this.push(Buffer.from(switchingProtocols(chunk.toString("latin1")), "latin1"));
        } else {
          kept.push(chunk);
        }
        callback();
      },
    });
    const ws = await createConnection("ws://example.invalid/", { socket, timeout: 10_000 });
    const sent = [0, 1, 2, 3].map((i) => message(i, 256 * KiB));
    for (const msg of sent) await ws.sendBinary(msg);
    expectIntact(binaryPayloads(Buffer.concat(kept)), sent);
    ws.shutdown();
  });
});
