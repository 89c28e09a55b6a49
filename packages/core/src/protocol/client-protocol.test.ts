import { encodeFrame } from "@wsclient/frame";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClientProtocol } from "./client-protocol.js";
import { State } from "./state.js";

const enc = new TextEncoder();
const KEY = new Uint8Array([1, 2, 3, 4]);
const fixedKey = () => KEY.slice();

/** A server frame: unmasked. */
function server(
  opcode: number,
  payload: Uint8Array | string,
  fin = true,
  rsv1 = false,
): Uint8Array {
  const data = typeof payload === "string" ? enc.encode(payload) : payload;
  return encodeFrame(opcode, data, { fin, rsv1, maskKey: null });
}

/** A client frame masked with KEY. */
function client(opcode: number, payload: Uint8Array | string, fin = true): Uint8Array {
  const data = typeof payload === "string" ? enc.encode(payload) : payload;
  return encodeFrame(opcode, data, { fin, maskKey: KEY });
}

function closePayload(code: number, reason = ""): Uint8Array {
  const r = enc.encode(reason);
  const out = new Uint8Array(2 + r.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(r, 2);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function make(opts: ConstructorParameters<typeof ClientProtocol>[0] = {}) {
  return new ClientProtocol({ getMaskKey: fixedKey, ...opts });
}

function sentBytes(p: ClientProtocol): Uint8Array {
  return concat(...p.dataToSend());
}

describe("RFC 6455 §5.6 data frames", () => {
  it("delivers an unfragmented text message", () => {
    const p = make();
    p.feedData(server(1, "Hello"));
    expect(p.eventsReceived()).toEqual([
      { type: "message", opcode: 1, data: enc.encode("Hello"), rsv1: false, needsUtf8Check: false },
    ]);
  });

  it("delivers binary and empty messages", () => {
    const p = make();
    p.feedData(concat(server(2, new Uint8Array([0, 255])), server(1, ""), server(2, "")));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type === "message" && [e.opcode, [...e.data]])).toEqual([
      [2, [0, 255]],
      [1, []],
      [2, []],
    ]);
  });

  it("accepts input split at every byte", () => {
    const p = make();
    const bytes = concat(server(1, "Hel", false), server(9, "x"), server(0, "lo", true));
    for (const b of bytes) p.feedData(new Uint8Array([b]));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["ping", "message"]);
  });

  it("does not pin a large fed chunk for a small message", () => {
    const p = make();
    const chunk = concat(server(2, new Uint8Array([7, 8, 9])), new Uint8Array(100_000));
    p.feedData(chunk.subarray(0, 5));
    const [event] = p.eventsReceived();
    expect(event?.type === "message" && event.data.buffer).not.toBe(chunk.buffer);
  });

  it("with zeroCopy, hands out a view of the chunk (the driver accounts for it)", () => {
    const p = make({ zeroCopy: true });
    const chunk = concat(server(2, new Uint8Array([7, 8, 9])), new Uint8Array(100_000));
    p.feedData(chunk.subarray(0, 5));
    const [event] = p.eventsReceived();
    expect(event?.type === "message" && event.data.buffer).toBe(chunk.buffer);
    expect(event?.type === "message" && [...event.data]).toEqual([7, 8, 9]);
  });
});

describe("RFC 6455 §5.4 fragmentation", () => {
  it("assembles fragments with interleaved control frames", () => {
    const p = make();
    p.feedData(
      concat(
        server(1, "Hel", false),
        server(9, "ping!"),
        server(0, "lo ", false),
        server(10, "pong?"),
        server(0, "world", true),
      ),
    );
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["ping", "pong", "message"]);
    const msg = events[2]!;
    expect(msg.type === "message" && new TextDecoder().decode(msg.data)).toBe("Hello world");
    // The ping was answered with a masked pong carrying the same payload.
    expect(sentBytes(p)).toEqual(client(10, "ping!"));
  });

  it("fails 1002 on a continuation without a start", () => {
    const p = make();
    p.feedData(server(0, "x"));
    const [event] = p.eventsReceived();
    expect(event?.type).toBe("error");
    expect(event?.type === "error" && event.error.closeCode).toBe(1002);
    expect(sentBytes(p)).toEqual(client(8, closePayload(1002)));
    expect(p.state).toBe(State.CLOSING);
  });

  it("fails 1002 on a new data frame inside a fragmented message", () => {
    const p = make();
    p.feedData(concat(server(1, "a", false), server(2, "b")));
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(1002);
    expect(sentBytes(p)).toEqual(client(8, closePayload(1002)));
  });

  it("fires each fragment as it arrives with fireContFrame", () => {
    const p = make({ fireContFrame: true });
    p.feedData(concat(server(1, "a", false), server(0, "b", false)));
    expect(p.eventsReceived()).toEqual([
      {
        type: "fragment",
        opcode: 1,
        messageOpcode: 1,
        data: enc.encode("a"),
        fin: false,
        rsv1: false,
      },
      {
        type: "fragment",
        opcode: 0,
        messageOpcode: 1,
        data: enc.encode("b"),
        fin: false,
        rsv1: false,
      },
    ]);
    p.feedData(server(0, "c", true));
    expect(p.eventsReceived()).toEqual([
      {
        type: "fragment",
        opcode: 0,
        messageOpcode: 1,
        data: enc.encode("c"),
        fin: true,
        rsv1: false,
      },
    ]);
  });

  it("assembles 4 MiB sent as 64-byte fragments (Autobahn 9.3/9.4) within bounded memory", () => {
    const p = make();
    const frag = new Uint8Array(64).fill(0x61);
    const total = 4 * 1024 * 1024;
    const count = total / 64;
    const chunk = concat(...Array.from({ length: 1024 }, () => server(0, frag, false)));
    p.feedData(server(2, frag, false));
    let sent = 64;
    while (sent + 1024 * 64 < total) {
      p.feedData(chunk);
      sent += 1024 * 64;
    }
    while (sent < total - 64) {
      p.feedData(server(0, frag, false));
      sent += 64;
    }
    expect(p.bufferedBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    p.feedData(server(0, frag, true));
    const events = p.eventsReceived();
    expect(events).toHaveLength(1);
    const msg = events[0]!;
    expect(msg.type === "message" && msg.data.length).toBe(total);
    expect(count).toBe(65536);
  });
});

describe("RFC 6455 §8.1 UTF-8 handling", () => {
  it("fails 1007 at the first invalid fragment, before the message ends", () => {
    const p = make();
    p.feedData(server(1, new Uint8Array([0xce, 0xba]), false));
    expect(p.eventsReceived()).toEqual([]);
    p.feedData(server(0, new Uint8Array([0xff]), false));
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(1007);
    expect(sentBytes(p)).toEqual(client(8, closePayload(1007)));
  });

  it("accepts a character split across fragments", () => {
    const p = make();
    p.feedData(concat(server(1, new Uint8Array([0xce]), false), server(0, new Uint8Array([0xba]))));
    const [event] = p.eventsReceived();
    expect(event?.type).toBe("message");
  });

  it("fails 1007 on a sequence truncated at the end of the message", () => {
    const p = make();
    p.feedData(server(1, new Uint8Array([0x61, 0xce])));
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(1007);
  });

  it("fails 1007 inside a frame, at the chunk that carried the bad byte (Autobahn 6.4.3)", () => {
    const p = make();
    const bytes = server(
      1,
      concat(enc.encode("κόσμε"), new Uint8Array([0xf4, 0x90, 0x80, 0x80]), enc.encode("edited")),
    );
    p.feedData(bytes.subarray(0, 13)); // header + "κόσμε" (valid so far)
    expect(p.eventsReceived()).toEqual([]);
    p.feedData(bytes.subarray(13, 15)); // 0xf4 0x90: 0x110000 and above is not UTF-8
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(1007);
    expect(sentBytes(p)).toEqual(client(8, closePayload(1007)));
  });

  it("reports a bad frame's errors in stream order (1002 before a later 1007)", () => {
    const p = make();
    p.feedData(
      concat(server(1, "ok"), new Uint8Array([0x83, 0x00]), server(1, new Uint8Array([0xff]))),
    );
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["message", "error"]);
    expect(events[1]?.type === "error" && events[1].error.closeCode).toBe(1002);
  });

  it("property: any split of valid text traffic gives the same messages and no error", () => {
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
        (messages, cuts) => {
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
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort(
            (a, b) => a - b,
          );
          const p = make();
          let last = 0;
          for (const at of [...points, stream.length]) {
            p.feedData(stream.subarray(last, at));
            last = at;
          }
          const got = p.eventsReceived().filter((e) => e.type === "message" || e.type === "error");
          expect(got.map((e) => e.type)).toEqual(messages.map(() => "message"));
          got.forEach((e, i) => {
            expect(e.type === "message" && new TextDecoder().decode(e.data)).toBe(
              messages[i]!.parts.join(""),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: invalid UTF-8 anywhere in a text message fails 1007, whatever the split", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(
          [0xff],
          [0xc0, 0xaf],
          [0xed, 0xa0, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xe2, 0x82],
        ),
        fc.nat(),
        fc.nat(),
        (prefix, bad, frag, cut) => {
          const bytes = concat(enc.encode(prefix), new Uint8Array(bad));
          const at = frag % (bytes.length + 1);
          const stream = concat(
            server(1, bytes.subarray(0, at), false),
            server(0, bytes.subarray(at), true),
          );
          const c = cut % (stream.length + 1);
          const p = make();
          p.feedData(stream.subarray(0, c));
          p.feedData(stream.subarray(c));
          const events = p.eventsReceived();
          expect(
            events.at(-1)?.type === "error" &&
              events.at(-1)?.type === "error" &&
              (events.at(-1) as { error: { closeCode: number } }).error.closeCode,
          ).toBe(1007);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("skips validation with skipUtf8Validation", () => {
    const p = make({ skipUtf8Validation: true });
    p.feedData(server(1, new Uint8Array([0xff])));
    expect(p.eventsReceived()[0]?.type).toBe("message");
  });
});

describe("RFC 6455 §5.5.2 ping and pong", () => {
  it("answers a ping with a pong of the same payload", () => {
    const p = make();
    p.feedData(server(9, "abc"));
    expect(sentBytes(p)).toEqual(client(10, "abc"));
    expect(p.eventsReceived()).toEqual([{ type: "ping", data: enc.encode("abc") }]);
  });

  it("keeps at most maxPendingPongs unsent pongs, the most recent ones", () => {
    const p = make({ maxPendingPongs: 2 });
    for (let i = 0; i < 1000; i++) p.feedData(server(9, String(i)));
    expect(p.pendingPongs).toBe(2);
    expect(sentBytes(p)).toEqual(concat(client(10, "998"), client(10, "999")));
  });
});

describe("RFC 6455 §5.5.1 / §7 close handshake", () => {
  it("echoes the server's close code", () => {
    const p = make();
    p.feedData(server(8, closePayload(1001, "bye")));
    expect(p.eventsReceived()).toEqual([
      { type: "close", code: 1001, reason: "bye", data: closePayload(1001, "bye") },
    ]);
    expect(sentBytes(p)).toEqual(client(8, closePayload(1001)));
    expect(p.closeRcvd).toEqual({ code: 1001, reason: "bye" });
    expect(p.state).toBe(State.CLOSING);
    p.feedEof();
    expect(p.eventsReceived()).toEqual([{ type: "eof", clean: true }]);
    expect(p.state).toBe(State.CLOSED);
  });

  it("reports 1005 for an empty close and answers with an empty close", () => {
    const p = make();
    p.feedData(server(8, ""));
    const [event] = p.eventsReceived();
    expect(event?.type === "close" && event.code).toBe(1005);
    expect(sentBytes(p)).toEqual(client(8, ""));
  });

  it("client-initiated: sends close, then takes the server's answer", () => {
    const p = make();
    p.sendClose(1000, "done");
    expect(sentBytes(p)).toEqual(client(8, closePayload(1000, "done")));
    expect(p.state).toBe(State.CLOSING);
    // Data still arriving before the server's close is delivered.
    p.feedData(concat(server(1, "late"), server(8, closePayload(1000))));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["message", "close"]);
    expect(sentBytes(p)).toEqual(new Uint8Array(0)); // no second close
    expect(p.closeExchanged).toBe(true);
  });

  it("ignores everything after the close frame", () => {
    const p = make();
    p.feedData(concat(server(8, closePayload(1000)), server(1, "ignored")));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["close"]);
  });

  it("refuses to send data after a close frame was sent", () => {
    const p = make();
    p.sendClose();
    expect(() => p.sendText(enc.encode("x"))).toThrowError(/closing/);
  });

  it("reports an abnormal eof without a close frame", () => {
    const p = make();
    p.feedData(server(1, "half", false));
    p.feedEof();
    expect(p.eventsReceived()).toEqual([{ type: "eof", clean: false }]);
  });

  it.each([
    ["a 1-byte close payload", new Uint8Array([3]), 1002],
    ["close code 1005 on the wire", closePayload(1005), 1002],
    ["close code 999", closePayload(999), 1002],
    ["close code 2000", closePayload(2000), 1002],
    ["close reason not UTF-8", concat(closePayload(1000), new Uint8Array([0xff])), 1007],
  ])("fails on %s", (_name, payload, code) => {
    const p = make();
    p.feedData(server(8, payload));
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(code);
    expect(sentBytes(p)).toEqual(client(8, closePayload(code)));
  });
});

describe("RFC 6455 §5.2 base framing failures", () => {
  it.each([
    ["RSV1 without an extension", new Uint8Array([0xc1, 0x00]), 1002],
    ["RSV2", new Uint8Array([0xa1, 0x00]), 1002],
    ["RSV3", new Uint8Array([0x91, 0x00]), 1002],
    ["opcode 3", new Uint8Array([0x83, 0x00]), 1002],
    ["opcode 0xB", new Uint8Array([0x8b, 0x00]), 1002],
    ["a fragmented ping", new Uint8Array([0x09, 0x00]), 1002],
    ["a 126-byte ping", concat(new Uint8Array([0x89, 126, 0, 126]), new Uint8Array(126)), 1002],
    ["a masked server frame", new Uint8Array([0x81, 0x81, 1, 2, 3, 4, 0x60]), 1002],
  ])("fails on %s", (_name, bytes, code) => {
    const p = make();
    p.feedData(bytes);
    const events = p.eventsReceived();
    expect(events).toHaveLength(1);
    expect(events[0]?.type === "error" && events[0].error.closeCode).toBe(code);
    expect(sentBytes(p)).toEqual(client(8, closePayload(code)));
    // Later input is ignored.
    p.feedData(server(1, "x"));
    expect(p.eventsReceived()).toEqual([]);
  });
});

describe("failures after good frames in the same chunk", () => {
  it("delivers the messages that precede the violation", () => {
    const p = make();
    p.feedData(server(1, "partial", false).subarray(0, 3));
    p.feedData(server(1, "partial", false).subarray(3));
    p.feedData(concat(server(0, " one"), server(1, "two"), new Uint8Array([0x83, 0x00])));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["message", "message", "error"]);
  });

  it("delivers them when the chunk starts in the middle of a frame", () => {
    const p = make();
    const first = server(2, new Uint8Array(300).fill(7));
    p.feedData(first.subarray(0, 100));
    p.feedData(concat(first.subarray(100), server(1, "next"), new Uint8Array([0x83, 0x00])));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["message", "message", "error"]);
    const error = events[2];
    expect(error?.type === "error" && error.error.closeCode).toBe(1002);
    expect(sentBytes(p).subarray(0, 2)).toEqual(new Uint8Array([0x88, 0x82]));
  });

  it("ignores a violation that follows the close frame in the same chunk", () => {
    const p = make();
    p.feedData(concat(server(8, closePayload(1000)), new Uint8Array([0x83, 0x00])));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["close"]);
    expect(p.failure).toBeNull();
  });
});

describe("deferFailureClose", () => {
  it("holds the failure close until commitFailure, still allowing sends", () => {
    const p = make({ deferFailureClose: true });
    p.feedData(concat(server(1, "hi"), new Uint8Array([0x83, 0x00])));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["message", "error"]);
    expect(p.dataToSend()).toEqual([]);
    expect(p.failurePending).toBe(true);
    expect(p.sendText(enc.encode("hi"))).toEqual(client(1, "hi"));
    p.commitFailure();
    expect(sentBytes(p)).toEqual(client(8, closePayload(1002)));
    expect(p.state).toBe(State.CLOSING);
    expect(() => p.sendText(enc.encode("x"))).toThrowError(/closing/);
  });
});

describe("limits: maxPayload", () => {
  it("fails 1009 on a frame over the limit", () => {
    const p = make({ maxPayload: 10 });
    p.feedData(server(2, new Uint8Array(11)));
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(1009);
    expect(sentBytes(p)).toEqual(client(8, closePayload(1009)));
  });

  it("fails 1009 on fragments whose total exceeds the limit", () => {
    const p = make({ maxPayload: 10 });
    p.feedData(concat(server(2, new Uint8Array(6), false), server(0, new Uint8Array(5), false)));
    const [event] = p.eventsReceived();
    expect(event?.type === "error" && event.error.closeCode).toBe(1009);
  });

  it("accepts a message of exactly the limit, and 0 means no limit", () => {
    const p = make({ maxPayload: 10 });
    p.feedData(concat(server(2, new Uint8Array(6), false), server(0, new Uint8Array(4))));
    expect(p.eventsReceived()[0]?.type).toBe("message");
    const q = make({ maxPayload: 0 });
    q.feedData(server(2, new Uint8Array(200_000)));
    expect(q.eventsReceived()[0]?.type).toBe("message");
  });
});

describe("RFC 6455 §5.3 sending (client-to-server masking)", () => {
  it("encodes masked frames with the given key", () => {
    const p = make();
    expect(p.sendText(enc.encode("Hello"))).toEqual(
      new Uint8Array([0x81, 0x85, 1, 2, 3, 4, 0x49, 0x67, 0x6f, 0x68, 0x6e]),
    );
    expect(p.sendBinary(new Uint8Array(0))).toEqual(new Uint8Array([0x82, 0x80, 1, 2, 3, 4]));
  });

  it("tracks manual fragmentation", () => {
    const p = make();
    expect(() => p.sendContinuation(enc.encode("x"), true)).toThrowError(/no fragmented message/);
    p.sendText(enc.encode("a"), false);
    expect(() => p.sendText(enc.encode("b"))).toThrowError(/fragmented/);
    p.sendPing(enc.encode("in between"));
    p.sendContinuation(enc.encode("b"), true);
    p.sendText(enc.encode("c"));
  });

  it("refuses oversized or fragmented control frames", () => {
    const p = make();
    expect(() => p.sendPing(new Uint8Array(126))).toThrowError(/125/);
    expect(() => p.sendFrame(9, new Uint8Array(0), { fin: false })).toThrowError(/fragmented/);
  });
});

describe("robustness (fast-check)", () => {
  it("random bytes in random chunks: never throws, ends in events or one error, bounded buffering", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        fc.boolean(),
        (chunks, fire) => {
          const p = make({ maxPayload: 1024, fireContFrame: fire });
          for (const c of chunks) {
            p.feedData(c);
            expect(p.bufferedBytes).toBeLessThanOrEqual(2 * 1024 + 14);
          }
          p.feedEof();
          const events = p.eventsReceived();
          expect(events.filter((e) => e.type === "error").length).toBeLessThanOrEqual(1);
          expect(events.at(-1)?.type).toBe("eof");
          for (const chunk of p.dataToSend()) expect(chunk).toBeInstanceOf(Uint8Array);
        },
      ),
      { numRuns: 500 },
    );
  });
});
