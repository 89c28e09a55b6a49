import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createConnection } from "../src/index.js";
import { stalledServer } from "./servers/stalled-server.js";

const KiB = 1024;
const COUNT = 160; // 10 MiB: more than the loopback socket buffers hold

/** Sends COUNT numbered 64 KiB messages without awaiting each; `resolved[i]` once send i resolved. */
function sendAll(ws: Awaited<ReturnType<typeof createConnection>>) {
  const resolved: boolean[] = new Array(COUNT).fill(false);
  const settled = Array.from({ length: COUNT }, (_, i) => {
    const msg = new Uint8Array(64 * KiB).fill(i & 0xff);
    return ws.sendBinary(msg).then(
      () => {
        resolved[i] = true;
      },
      (err: unknown) => {
        expect(err).toBeInstanceOf(WebSocketConnectionClosedException);
      },
    );
  });
  return { resolved, first: settled[0]!, settled: Promise.all(settled) };
}

/** Every resolved send arrived, in order, intact; resolved sends are a prefix of what arrived. */
function expectNothingResolvedLost(resolved: boolean[], arrived: Uint8Array[]): void {
  const count = resolved.filter(Boolean).length;
  expect(count).toBeGreaterThan(0);
  expect(arrived.length).toBeGreaterThanOrEqual(count);
  for (let i = 0; i < COUNT; i++) if (resolved[i]) expect(i).toBeLessThan(arrived.length);
  arrived.forEach((msg, i) => {
    expect(msg.length).toBe(64 * KiB);
    expect(msg[0]).toBe(i & 0xff);
    expect(msg[64 * KiB - 1]).toBe(i & 0xff);
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("nothing resolved is lost: send() resolves once the kernel has its bytes", () => {
  it("close({ timeout }) against a peer that stopped reading", async () => {
    const server = await stalledServer();
    try {
      const ws = await createConnection(server.url, { timeout: 5000 });
      await server.open;
      const { resolved, settled } = sendAll(ws);
      // The close frame waits behind the unsent messages; the timeout destroys the socket.
      await ws.close({ timeout: 500 });
      await settled;
      expectNothingResolvedLost(resolved, await server.drain());
    } finally {
      await server.close();
    }
  }, 30_000);

  it("abort() while the peer is not reading", async () => {
    const server = await stalledServer();
    try {
      const ws = await createConnection(server.url, { timeout: 5000 });
      await server.open;
      const { resolved, first, settled } = sendAll(ws);
      await first; // the kernel has taken at least the first message
      ws.abort();
      await settled;
      expectNothingResolvedLost(resolved, await server.drain());
    } finally {
      await server.close();
    }
  }, 30_000);

  it("a close by the server, then the 3 s close timer destroys the socket", async () => {
    const server = await stalledServer();
    try {
      const ws = await createConnection(server.url, { timeout: null });
      await server.open;
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const { resolved, settled } = sendAll(ws);
      server.socket().write(Buffer.from([0x88, 0x02, 0x03, 0xe8])); // close 1000
      // The client reads the close frame; its echo waits behind the unsent messages.
      await expect(ws.recv()).rejects.toMatchObject({ closeCode: 1000 });
      const gone = new Promise((resolve) => ws.sock!.once("close", resolve));
      vi.advanceTimersByTime(3000); // DEFAULT_CLOSE_TIMEOUT: the socket is destroyed
      await gone;
      vi.useRealTimers();
      await settled;
      expectNothingResolvedLost(resolved, await server.drain());
    } finally {
      await server.close();
    }
  }, 30_000);
});
