/**
 * What python-websockets 17 has beyond the port: awaitable pings with their
 * round trip, `latency`, `recvStreaming()`, and `send()` of an iterable.
 */
import { WebSocketConnectionClosedException, WebSocketException } from "@wsclient/errors";
import { rawHandshake, startRawServer, startUpgradedServer } from "@wsclient-tools/test-utils";
import { describe, expect, it } from "vitest";
import { createConnection } from "../src/index.js";
import { READ_BUFFER_SIZE } from "../src/read-sink.js";
import { startServer } from "./servers/start-server.js";
import { useServer } from "./servers/use-server.js";

const KiB = 1024;
const MiB = 1024 * KiB;

describe("RFC 6455 §5.5.3 pings that answer: ping(payload, { waitPong: true })", () => {
  const server = useServer("ws", 30_000);

  it("resolves with the round trip; concurrent pings are matched by payload; latency is the last one", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 5000 });
    expect(ws.latency).toBeNull();
    const rtts = await Promise.all([
      ws.ping("a", { waitPong: true }),
      ws.ping("b", { waitPong: true }),
      ws.ping(undefined, { waitPong: true }),
      ws.ping(undefined, { waitPong: true }),
    ]);
    for (const rtt of rtts) expect(rtt).toBeGreaterThan(0);
    expect(ws.latency).toBeGreaterThan(0);
    // Plain ping() keeps Python's meaning: it resolves once sent.
    await expect(ws.ping("plain")).resolves.toBeUndefined();
    await ws.close();
  });

  it("two pings in flight with one payload cannot be told apart: a typed error", async () => {
    const ws = await createConnection(`${server.url}/echo`, { timeout: 5000 });
    const first = ws.ping("same", { waitPong: true });
    await expect(ws.ping("same", { waitPong: true })).rejects.toBeInstanceOf(WebSocketException);
    await first;
    await ws.close();
  });
});

describe("a ping whose pong never comes", () => {
  it("rejects with WebSocketConnectionClosedException when the connection ends first", async () => {
    const raw = await startUpgradedServer((s) => {
      s.once("data", () => s.destroy()); // the ping arrives: drop the connection, no pong
    });
    try {
      const ws = await createConnection(raw.url, { timeout: 5000 });
      await expect(ws.ping("x", { waitPong: true })).rejects.toBeInstanceOf(
        WebSocketConnectionClosedException,
      );
    } finally {
      await raw.close();
    }
  });
});

describe("recvStreaming(): a message piece by piece, memory bounded by the read high-water mark", () => {
  it("a 256 MiB message in 32 KiB fragments streams with at most the mark plus one read held", async () => {
    const fragment = 32 * KiB;
    const count = (256 * MiB) / fragment;
    const raw = await startRawServer((socket) =>
      rawHandshake(socket, async (s) => {
        const head = (opcode: number, fin: boolean) =>
          Buffer.from([(fin ? 0x80 : 0) | opcode, 126, fragment >> 8, fragment & 0xff]);
        const body = Buffer.alloc(fragment, 0x61);
        for (let i = 0; i < count; i++) {
          const ok = s.write(Buffer.concat([head(i === 0 ? 2 : 0, i === count - 1), body]));
          if (!ok) await new Promise((resolve) => s.once("drain", resolve));
        }
        s.write(Buffer.from([0x81, 0x03, 0x65, 0x6e, 0x64])); // "end"
      }),
    );
    try {
      const hwm = 1 * MiB;
      const ws = await createConnection(raw.url, { timeout: 30_000, readHighWaterMark: hwm });
      const bound = hwm + READ_BUFFER_SIZE + 2 * fragment;
      let total = 0;
      let pieces = 0;
      let maxHeld = 0;
      for await (const piece of ws.recvStreaming()) {
        maxHeld = Math.max(maxHeld, ws.queuedBytes);
        expect(piece).toBeInstanceOf(Uint8Array);
        total += (piece as Uint8Array).length;
        pieces++;
      }
      expect(total).toBe(256 * MiB);
      expect(pieces).toBeGreaterThan(1);
      expect(maxHeld).toBeLessThanOrEqual(bound);
      // The next message is assembled again.
      expect(await ws.recv()).toBe("end");
      ws.shutdown();
    } finally {
      await raw.close();
    }
  }, 120_000);

  it("text is decoded on UTF-8 boundaries even when a fragment splits a character", async () => {
    const euro = Buffer.from("€"); // 3 bytes, split 1 + 2 across fragments
    const raw = await startUpgradedServer((s) => {
      s.write(Buffer.concat([Buffer.from([0x01, 0x02]), Buffer.from("a"), euro.subarray(0, 1)]));
      s.write(Buffer.concat([Buffer.from([0x80, 0x03]), euro.subarray(1), Buffer.from("b")]));
      s.on("data", () => {});
    });
    try {
      const ws = await createConnection(raw.url, { timeout: 5000 });
      const pieces: unknown[] = [];
      for await (const piece of ws.recvStreaming()) pieces.push(piece);
      expect(pieces.join("")).toBe("a€b");
      expect(pieces.every((p) => typeof p === "string")).toBe(true);
      ws.shutdown();
    } finally {
      await raw.close();
    }
  });
});

describe("send() of an iterable: one fragmented message", () => {
  for (const kind of ["ws", "websockets"] as const) {
    it(`an async generator of 10 000 fragments arrives as one message at a ${kind} server`, async () => {
      const server = await startServer(kind);
      try {
        const ws = await createConnection(`${server.url}/echo`, { timeout: 10_000 });
        async function* words() {
          for (let i = 0; i < 10_000; i++) yield `${i % 10}`;
        }
        await ws.send(words());
        const echoed = (await ws.recv()) as string;
        expect(echoed.length).toBe(10_000);
        expect(echoed.startsWith("0123456789012")).toBe(true);
        // Binary from a plain iterable of byte chunks.
        await ws.send([Uint8Array.of(1, 2), Uint8Array.of(3)]);
        expect([...((await ws.recv()) as Uint8Array)]).toEqual([1, 2, 3]);
        await ws.close();
      } finally {
        await server.stop();
      }
    }, 60_000);
  }

  it("mixing strings and bytes is a typed error, and the connection fails (1011) rather than end the message short", async () => {
    const server = await startServer("ws");
    try {
      const ws = await createConnection(`${server.url}/echo`, { timeout: 5000 });
      await expect(ws.send(["text", Uint8Array.of(1)] as never)).rejects.toThrow(/not both/);
      await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
      ws.shutdown();
    } finally {
      await server.stop();
    }
  });
});
