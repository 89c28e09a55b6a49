import { FrameParser } from "@wsclient/frame";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  BAD_UTF8,
  client,
  closePayload,
  concat,
  ctl,
  enc,
  expectFailsWith,
  feedCut,
  frag,
  lastError,
  make,
  msg,
  normalize,
  only,
  sentBytes,
  server,
} from "./test-support.js";

describe("RFC 6455 §5.6 data frames", () => {
  it("delivers text, binary and empty messages", () => {
    const p = make();
    p.receiveData(concat(server(1, "Hello"), server(2, [0, 255]), server(1, ""), server(2, "")));
    expect(p.eventsReceived()).toEqual([msg(1, "Hello"), msg(2, [0, 255]), msg(1, ""), msg(2, "")]);
    expect(p.eventsReceived()).toEqual([]); // taken
    expect(p.dataToSend()).toEqual([]);
  });

  it("accepts input split at every byte", () => {
    const p = make();
    const input = concat(server(1, "Hel", false), server(9, "x"), server(0, "lo", true));
    for (const b of input) p.receiveData(new Uint8Array([b]));
    expect(p.eventsReceived()).toEqual([ctl("ping", "x"), msg(1, "Hello")]);
  });

  it("does not keep the chunk: payloads are copies (of exactly their size up to 64 B and over 4 KiB)", () => {
    const p = make();
    const big = new Uint8Array(300).fill(7);
    const huge = new Uint8Array(5000).fill(5);
    const close = closePayload(1000, "ok");
    const data = concat(
      server(2, [7, 8, 9]),
      server(2, big),
      server(2, huge),
      server(9, "pi"),
      server(10, "po"),
    );
    const frames = concat(data, server(8, close));
    // A view of a larger read buffer, overwritten once receiveData returns.
    const backing = new Uint8Array(frames.length + 100_000);
    backing.set(frames);
    p.receiveData(backing.subarray(0, frames.length));
    backing.fill(0);
    const events = p.eventsReceived();
    expect(normalize(events)).toEqual(
      normalize([
        msg(2, [7, 8, 9]),
        msg(2, big),
        msg(2, huge),
        ctl("ping", "pi"),
        ctl("pong", "po"),
        { type: "close", code: 1000, reason: "ok", data: close },
      ]),
    );
    for (const e of events) {
      const d = (e as { data: Uint8Array }).data;
      expect(d.buffer).not.toBe(backing.buffer);
      expect(Object.getPrototypeOf(d)).toBe(Uint8Array.prototype);
      // 65 B-4 KiB come from Node's 8 KiB Buffer pool (a kept one pins at most 8 KiB).
      if (d.length <= 64 || d.length > 4096) expect(d.buffer.byteLength).toBe(d.length);
      else expect(d.buffer.byteLength).toBeLessThanOrEqual(8192);
    }
  });
});

describe("RFC 6455 §5.4 fragmentation", () => {
  it("assembles fragments with interleaved control frames", () => {
    const p = make();
    p.receiveData(
      concat(
        server(1, "Hel", false),
        server(9, "ping!"),
        server(0, "lo ", false),
        server(10, "pong?"),
        server(0, "world", true),
      ),
    );
    const events = [ctl("ping", "ping!"), ctl("pong", "pong?"), msg(1, "Hello world")];
    expect(p.eventsReceived()).toEqual(events);
    // The ping was answered with a masked pong carrying the same payload.
    expect(sentBytes(p)).toEqual(client(10, "ping!"));
  });

  it("fires each fragment as it arrives with fireContFrame, in copies of the chunk", () => {
    const p = make({ fireContFrame: true });
    const chunk = concat(server(1, "a", false), server(0, "b", false));
    p.receiveData(chunk);
    chunk.fill(0);
    const events = p.eventsReceived();
    expect(events).toEqual([frag(1, 1, "a", false), frag(0, 1, "b", false)]);
    for (const e of events) expect((e as { data: Uint8Array }).data.buffer.byteLength).toBe(1);
    p.receiveData(server(0, "c", true));
    expect(p.eventsReceived()).toEqual([frag(0, 1, "c", true)]);
    p.receiveData(server(2, [5]));
    expect(p.eventsReceived()).toEqual([frag(2, 2, [5], true)]);
  });

  it("counts the partial frame and the partial message in bufferedBytes", () => {
    const p = make();
    expect(p.bufferedBytes).toBe(0);
    p.receiveData(server(2, new Uint8Array(100), false));
    expect(p.bufferedBytes).toBe(100); // the partial message
    const next = server(0, new Uint8Array(50), true);
    p.receiveData(next.subarray(0, 1)); // half a header
    expect(p.bufferedBytes).toBe(101);
    p.receiveData(next.subarray(1, 12)); // the header's second byte + 10 payload bytes
    expect(p.bufferedBytes).toBe(110);
    p.receiveData(next.subarray(12));
    expect(only(p.eventsReceived(), "message").data.length).toBe(150);
    expect(p.bufferedBytes).toBe(0);
  });

  it("assembles 4 MiB sent as 64-byte fragments (Autobahn 9.3/9.4) within bounded memory", () => {
    const p = make();
    const piece = new Uint8Array(64).fill(0x61);
    const total = 4 * 1024 * 1024; // 65 536 fragments
    const conts = (n: number) =>
      concat(...Array.from({ length: n }, () => server(0, piece, false)));
    const kilo = conts(1024);
    p.receiveData(concat(server(2, piece, false), conts(1023)));
    for (let i = 1; i < 63; i++) p.receiveData(kilo);
    expect(p.bufferedBytes).toBe(total - 64 * 1024);
    p.receiveData(conts(1023));
    p.receiveData(server(0, piece, true));
    const message = only(p.eventsReceived(), "message");
    expect(message.data.length).toBe(total);
    expect(message.data.every((b) => b === 0x61)).toBe(true);
    expect(message.data.buffer.byteLength).toBeLessThanOrEqual(total + total / 8);
  });
});

describe("properties (fast-check)", () => {
  it("any split of valid traffic gives the same events and bytes out as one chunk", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 40 });
    const message = fc.record({
      parts: fc.array(text, { minLength: 1, maxLength: 4 }),
      binary: fc.boolean(),
      pingBetween: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (messages, cuts, fire) => {
          const frames: Uint8Array[] = [];
          for (const m of messages) {
            // Split the UTF-8 bytes (not the string) so characters straddle fragments.
            const bytes = enc.encode(m.parts.join(""));
            const n = m.parts.length;
            const step = Math.ceil(bytes.length / n) || 1;
            for (let i = 0; i < n; i++) {
              const piece = bytes.subarray(i * step, (i + 1) * step);
              frames.push(server(i === 0 ? (m.binary ? 2 : 1) : 0, piece, i === n - 1));
              if (m.pingBetween && i < n - 1) frames.push(server(9, "p"));
            }
          }
          const stream = concat(...frames);
          const whole = make({ fireContFrame: fire });
          whole.receiveData(stream);
          const cut = make({ fireContFrame: fire });
          feedCut(cut, stream, cuts);
          const events = cut.eventsReceived();
          expect(normalize(events)).toEqual(normalize(whole.eventsReceived()));
          expect(sentBytes(cut)).toEqual(sentBytes(whole));
          if (fire) return;
          const want = messages.map((m) => msg(m.binary ? 2 : 1, m.parts.join("")));
          expect(normalize(events.filter((e) => e.type !== "ping"))).toEqual(normalize(want));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("invalid UTF-8 anywhere in a text message fails 1007, whatever the split", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(...BAD_UTF8),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (prefix, bad, frag, cuts) => {
          const bytes = concat(enc.encode(prefix), new Uint8Array(bad));
          const at = frag % (bytes.length + 1);
          const stream = concat(
            server(1, bytes.subarray(0, at), false),
            server(9, "p"),
            server(0, bytes.subarray(at), true),
          );
          const p = make();
          feedCut(p, stream, cuts);
          const events = p.eventsReceived();
          expect(events.filter((e) => e.type !== "ping").map((e) => e.type)).toEqual(["error"]);
          expect(lastError(events).closeCode).toBe(1007);
          p.dataToSend(); // the pong, if the ping came before the bad byte
          expectFailsWith(p, lastError(events), 1007);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random frames and bytes in random chunks: never throws, ends in frames or one error", () => {
    // Plausible frames (any first byte, short payloads) mixed with raw noise.
    const frame = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 140 }))
      .map(([b0, data]) => {
        const head = data.length < 126 ? [b0, data.length] : [b0, 126, 0, data.length];
        return concat(new Uint8Array(head), data);
      });
    const piece = fc.oneof({ arbitrary: frame, weight: 4 }, fc.uint8Array({ maxLength: 16 }));
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        (pieces, cuts, fire, rsv1) => {
          const stream = concat(...pieces);
          const opts = { maxPayload: 100, fireContFrame: fire, allowRsv1: rsv1 };
          const whole = make(opts);
          whole.receiveData(stream);
          const p = make(opts);
          feedCut(p, stream, cuts);
          expect(p.bufferedBytes).toBeLessThanOrEqual(2 * 100 + 14);
          const events = p.eventsReceived();
          expect(normalize(events)).toEqual(normalize(whole.eventsReceived()));
          const errors = events.filter((e) => e.type === "error");
          expect(errors.length).toBeLessThanOrEqual(1);
          // Whatever went out (pongs, a close reply) is whole masked frames.
          const out = new FrameParser({ expectMasked: true });
          out.feed(sentBytes(p));
          expect(out.bufferedBytes).toBe(0);
          if (errors.length === 1) {
            expect(events.at(-1)?.type).toBe("error");
            expectFailsWith(p, lastError(events), lastError(events).closeCode!);
          }
          p.receiveEof();
          expect(p.eventsReceived()).toEqual([{ type: "eof", clean: p.closeRcvd !== null }]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
