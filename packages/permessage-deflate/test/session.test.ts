import { randomBytes } from "node:crypto";
import { constants, createDeflateRaw, inflateRawSync } from "node:zlib";
import { WebSocketConnectionClosedException, WebSocketPayloadException } from "@wsclient/errors";
import { afterEach, describe, expect, it } from "vitest";
import { permessageDeflate, setZlibConcurrency, zlibJobs } from "../src/index.js";

const TAIL = Buffer.from([0, 0, 0xff, 0xff]);
const inflate = (payload: Uint8Array, windowBits = 15) =>
  inflateRawSync(Buffer.concat([payload, TAIL]), {
    windowBits,
    finishFlush: constants.Z_SYNC_FLUSH,
  });

afterEach(() => setZlibConcurrency(10));

describe("sending (RFC 7692 §7.2.1)", () => {
  it("compresses messages of threshold bytes or more (default 1024), sends smaller ones as they are", async () => {
    const s = permessageDeflate().accept({});
    const small = Buffer.alloc(1023, "a");
    expect(await s.encode(small, { opcode: 1 })).toEqual({ data: small, rsv1: false });
    const big = Buffer.alloc(1024, "a");
    const out = await s.encode(big, { opcode: 1 });
    expect(out.rsv1).toBe(true);
    expect(out.data.length).toBeLessThan(20);
    expect(inflate(out.data)).toEqual(big);
    s.close();
  });

  it("honours the per-message switch: compress false never, compress true always", async () => {
    const s = permessageDeflate().accept({});
    const big = Buffer.alloc(64 * 1024, "x");
    expect(await s.encode(big, { opcode: 2, compress: false })).toEqual({ data: big, rsv1: false });
    const tiny = Buffer.from("hi");
    const forced = await s.encode(tiny, { opcode: 1, compress: true });
    expect(forced.rsv1).toBe(true);
    expect(inflate(forced.data).toString()).toBe("hi");
    s.close();
  });

  it("takes over context between messages: a peer inflating the stream gets every message", async () => {
    const s = permessageDeflate({ threshold: 0 }).accept({});
    const messages = Array.from({ length: 50 }, (_, i) =>
      Buffer.from(`{"id":${i},"name":"item ${i}"}`),
    );
    const outs: Uint8Array[] = [];
    for (const m of messages) outs.push((await s.encode(m, { opcode: 1 })).data);
    // One inflate stream over all messages, each with its tail put back.
    const joined = Buffer.concat(outs.flatMap((o) => [o, TAIL]));
    expect(inflateRawSync(joined, { finishFlush: constants.Z_SYNC_FLUSH })).toEqual(
      Buffer.concat(messages),
    );
    // Later messages are smaller than the first: they refer back to it.
    expect(outs[49]!.length).toBeLessThan(outs[0]!.length);
    s.close();
  });

  it("client_max_window_bits=9 limits the sliding window to 512 bytes (8 is used as 9)", async () => {
    const block = randomBytes(1000);
    const twice = Buffer.concat([block, block]);
    const wide = permessageDeflate().accept({});
    const narrow = permessageDeflate().accept({ client_max_window_bits: "9" });
    const eight = permessageDeflate().accept({ client_max_window_bits: "8" });
    const w = (await wide.encode(twice, { opcode: 2 })).data;
    const n = (await narrow.encode(twice, { opcode: 2 })).data;
    const e = (await eight.encode(twice, { opcode: 2 })).data;
    // With 32 KiB the second copy is one back-reference; with 512 bytes it cannot be found.
    expect(w.length).toBeLessThan(1100);
    expect(n.length).toBeGreaterThan(1900);
    expect(inflate(n, 9)).toEqual(twice);
    expect(inflate(e, 9)).toEqual(twice);
    for (const x of [wide, narrow, eight]) x.close();
  });
});

describe("receiving (RFC 7692 §7.2.2)", () => {
  it("a corrupt DEFLATE stream fails with 1007 and the zlib error as cause", async () => {
    const s = permessageDeflate().accept({});
    const error = await s
      .decode(new Uint8Array([0xff, 0xff, 0xff, 0x00]), { opcode: 1, maxPayload: 0 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WebSocketPayloadException);
    expect(error).toMatchObject({ closeCode: 1007 });
    expect((error as Error).message).toMatch(
      /Invalid compressed data in a permessage-deflate message: invalid/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
    s.close();
  });

  it("server_max_window_bits=9 keeps a 512-byte window: a reference further back is refused (1007)", async () => {
    // A server that agreed to 9 bits but refers 1000 bytes back into the previous message.
    const zlib = createDeflateRaw({ windowBits: 15 });
    const chunks: Buffer[] = [];
    zlib.on("data", (c: Buffer) => chunks.push(c));
    const flush = async (data: Buffer) => {
      chunks.length = 0;
      zlib.write(data);
      await new Promise<void>((r) => zlib.flush(constants.Z_SYNC_FLUSH, () => r()));
      const out = Buffer.concat(chunks);
      return out.subarray(0, out.length - 4);
    };
    const block = randomBytes(1000);
    const first = await flush(block);
    const second = await flush(block);
    zlib.close();
    expect(second.length).toBeLessThan(20);
    const wide = permessageDeflate().accept({});
    expect(await wide.decode(first, { opcode: 2, maxPayload: 0 })).toEqual(block);
    expect(await wide.decode(second, { opcode: 2, maxPayload: 0 })).toEqual(block);
    const narrow = permessageDeflate().accept({ server_max_window_bits: "9" });
    expect(await narrow.decode(first, { opcode: 2, maxPayload: 0 })).toEqual(block);
    await expect(narrow.decode(second, { opcode: 2, maxPayload: 0 })).rejects.toMatchObject({
      closeCode: 1007,
      message: expect.stringMatching(/too far back/),
    });
    wide.close();
    narrow.close();
  });

  it("a message of exactly maxPayload bytes passes; one byte more is 1009", async () => {
    const s = permessageDeflate({ threshold: 0 }).accept({ client_no_context_takeover: true });
    const data = (await s.encode(Buffer.alloc(5000, "z"), { opcode: 1 })).data;
    const r1 = permessageDeflate().accept({});
    expect((await r1.decode(data, { opcode: 1, maxPayload: 5000 })).length).toBe(5000);
    const r2 = permessageDeflate().accept({});
    await expect(r2.decode(data, { opcode: 1, maxPayload: 4999 })).rejects.toMatchObject({
      closeCode: 1009,
    });
    for (const x of [s, r1, r2]) x.close();
  });
});

describe("resources", () => {
  it("close() is idempotent, fails work in progress and later calls, and frees the zlib slots", async () => {
    const s = permessageDeflate({ threshold: 0 }).accept({});
    const pendingDecode = s.decode(
      (
        await permessageDeflate({ threshold: 0 })
          .accept({})
          .encode(Buffer.alloc(1 << 20), { opcode: 2 })
      ).data,
      { opcode: 2, maxPayload: 0 },
    );
    const pendingEncode = s.encode(randomBytes(1 << 20), { opcode: 2 });
    s.close();
    s.close();
    await expect(pendingDecode).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    await expect(pendingEncode).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    await expect(
      s.decode(new Uint8Array([0]), { opcode: 1, maxPayload: 0 }),
    ).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    expect(zlibJobs()).toEqual({ running: 0, waiting: 0 });
  });

  it("runs at most setZlibConcurrency(n) zlib jobs at once across sessions, in order", async () => {
    setZlibConcurrency(2);
    const sessions = Array.from({ length: 5 }, () =>
      permessageDeflate({ threshold: 0 }).accept({}),
    );
    const data = Buffer.alloc(256 * 1024, "q");
    const done: number[] = [];
    const jobs = sessions.map((s, i) =>
      Promise.resolve(s.encode(data, { opcode: 1 })).then(() => done.push(i)),
    );
    await Promise.resolve();
    expect(zlibJobs()).toEqual({ running: 2, waiting: 3 });
    await Promise.all(jobs);
    expect(zlibJobs()).toEqual({ running: 0, waiting: 0 });
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    // A session closed while it waits for a slot releases it at once.
    setZlibConcurrency(1);
    const [a, b] = sessions;
    const first = a!.encode(data, { opcode: 1 });
    const second = b!.encode(data, { opcode: 1 });
    b!.close();
    await first;
    await expect(second).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    expect(zlibJobs()).toEqual({ running: 0, waiting: 0 });
    for (const s of sessions) s.close();
  });

  it("setZlibConcurrency refuses what is not a positive integer", () => {
    expect(() => setZlibConcurrency(0)).toThrow(/setZlibConcurrency\(\) takes a whole number/);
    expect(() => setZlibConcurrency(1.5)).toThrow(/1 or more/);
  });
});
