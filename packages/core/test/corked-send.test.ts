import { until } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "../src/index.js";
import { startWsServer } from "./helpers.js";

/**
 * Sends made in one tick are corked and handed to the kernel together on the
 * next tick (frame-writer.ts). These check what a peer sees: every frame, in
 * order, nothing lost when the socket is shut down in the same tick.
 */
let server: Awaited<ReturnType<typeof startWsServer>>;
const received: Buffer[] = [];

beforeAll(async () => {
  server = await startWsServer();
  server.wss.on("connection", (ws) => {
    ws.on("message", (data: Buffer) => received.push(data));
  });
});
afterAll(async () => {
  await server.close();
});

describe("corked sends", () => {
  it("deliver 5000 awaited small sends in order, each resolved once written", async () => {
    received.length = 0;
    const ws = await createConnection(`${server.url}/`, { timeout: 5000 });
    const msg = new Uint8Array(16);
    for (let i = 0; i < 5000; i++) {
      new DataView(msg.buffer).setUint32(0, i);
      expect(await ws.sendBinary(msg)).toBe(22); // 2 header + 4 mask + 16
      // The frame is in the socket (its buffer or the kernel) when send resolves.
    }
    await until(() => received.length === 5000, 5000, "all messages at the server");
    expect(received.every((m, i) => m.readUInt32BE(0) === i)).toBe(true);
    await ws.close();
  });

  it("interleave with unawaited sends of every size in call order", async () => {
    received.length = 0;
    const ws = await createConnection(`${server.url}/`, { timeout: 5000 });
    const sizes = [0, 1, 125, 126, 65535, 65536, 2 * 1024 * 1024, 7];
    const sends = sizes.map((n, i) => ws.sendBinary(new Uint8Array(n).fill(i)));
    await Promise.all(sends);
    await until(() => received.length === sizes.length, 5000, "all messages at the server");
    expect(received.map((m) => m.length)).toEqual(sizes);
    expect(received.map((m) => (m.length ? m[0] : -1))).toEqual([-1, 1, 2, 3, 4, 5, 6, 7]);
    await ws.close();
  });

  it("still go out when the socket is shut down in the same tick", async () => {
    received.length = 0;
    const ws = await createConnection(`${server.url}/`, { timeout: 5000 });
    void ws.sendText("before shutdown").catch(() => {});
    ws.shutdown();
    await until(() => received.length === 1, 3000, "the message at the server");
    expect(received[0]!.toString()).toBe("before shutdown");
  });
});
