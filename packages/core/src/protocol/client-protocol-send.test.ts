// Sending, pongs, the close handshake and failing the connection: every
// outgoing byte leaves through dataToSend(). Receiving is in client-protocol.test.ts.
import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { State } from "./state.js";
import {
  client,
  closePayload,
  concat,
  enc,
  expectFailsWith,
  lastError,
  make,
  sentBytes,
  server,
} from "./test-support.js";

const EMPTY = new Uint8Array(0);

describe("RFC 6455 §5.3 sending (client-to-server masking)", () => {
  it("queues masked frames with the given key in dataToSend, in order", () => {
    const p = make();
    expect(p.hasDataToSend).toBe(false);
    expect(p.sendText(enc.encode("Hello"))).toBeUndefined();
    expect(p.hasDataToSend).toBe(true);
    p.sendBinary(EMPTY);
    p.sendPing(enc.encode("?"));
    p.sendPong();
    expect(p.dataToSend()).toEqual([
      new Uint8Array([0x81, 0x85, 1, 2, 3, 4, 0x49, 0x67, 0x6f, 0x68, 0x6e]),
      new Uint8Array([0x82, 0x80, 1, 2, 3, 4]),
      client(9, "?"),
      new Uint8Array([0x8a, 0x80, 1, 2, 3, 4]),
    ]);
    expect(p.hasDataToSend).toBe(false);
    expect(p.dataToSend()).toEqual([]);
  });

  it("sets RSV1 for an extension's message, and takes a new mask key source", () => {
    const p = make();
    p.sendFrame(2, new Uint8Array([9]), { rsv1: true });
    expect(sentBytes(p)).toEqual(new Uint8Array([0xc2, 0x81, 1, 2, 3, 4, 9 ^ 1]));
    const key = new Uint8Array([0xff, 0, 0, 0]);
    p.setMaskKey(() => key);
    p.sendText(enc.encode("a"));
    expect(sentBytes(p)).toEqual(client(1, "a", true, key));
  });

  it("tracks manual fragmentation", () => {
    const p = make();
    expect(() => p.sendContinuation(enc.encode("x"), true)).toThrowError(/no fragmented message/);
    p.sendText(enc.encode("a"), false);
    expect(() => p.sendText(enc.encode("b"))).toThrowError(/fragmented/);
    p.sendPing(enc.encode("in between"));
    p.sendContinuation(enc.encode("b"), false);
    p.sendContinuation(enc.encode("c"), true);
    p.sendBinary(enc.encode("d"));
    expect(sentBytes(p)).toEqual(
      concat(
        client(1, "a", false),
        client(9, "in between"),
        client(0, "b", false),
        client(0, "c"),
        client(2, "d"),
      ),
    );
  });

  it("refuses oversized or fragmented control frames and close frames through sendFrame", () => {
    const p = make();
    expect(() => p.sendPing(new Uint8Array(126))).toThrowError(/125/);
    expect(() => p.sendFrame(9, EMPTY, { fin: false })).toThrowError(/fragmented/);
    expect(() => p.sendFrame(8, EMPTY)).toThrowError(/sendClose/);
    expect(p.dataToSend()).toEqual([]);
    p.sendPong(new Uint8Array(125));
    expect(sentBytes(p)).toEqual(client(10, new Uint8Array(125)));
  });

  it("refuses to send before the opening handshake is done", () => {
    const p = make({ state: State.CONNECTING });
    expect(() => p.sendText(enc.encode("x"))).toThrowError(/connecting/);
    expect(p.dataToSend()).toEqual([]);
  });
});

describe("RFC 6455 §5.5.2 ping and pong", () => {
  it("answers a ping with a pong of the same payload", () => {
    const p = make();
    p.receiveData(server(9, "abc"));
    expect(p.eventsReceived()).toEqual([{ type: "ping", data: enc.encode("abc") }]);
    expect(p.dataToSend()).toEqual([client(10, "abc")]);
  });

  it("keeps at most maxPendingPongs untaken pongs, the most recent ones", () => {
    const p = make({ maxPendingPongs: 2 });
    for (let i = 0; i < 1000; i++) p.receiveData(server(9, String(i)));
    expect(p.eventsReceived()).toHaveLength(1000);
    expect(p.dataToSend()).toEqual([client(10, "998"), client(10, "999")]);
  });

  it("drops only pongs, never the caller's frames between them", () => {
    const p = make({ maxPendingPongs: 1 });
    p.receiveData(server(9, "a"));
    p.sendText(enc.encode("mine"));
    p.receiveData(server(9, "b"));
    p.sendPing(enc.encode("my ping"));
    p.receiveData(server(9, "c"));
    expect(p.dataToSend()).toEqual([client(1, "mine"), client(9, "my ping"), client(10, "c")]);
  });

  it("counts only the pongs not taken yet", () => {
    const p = make({ maxPendingPongs: 2 });
    p.receiveData(concat(server(9, "a"), server(9, "b")));
    expect(p.dataToSend()).toEqual([client(10, "a"), client(10, "b")]);
    p.receiveData(concat(server(9, "c"), server(9, "d"), server(9, "e")));
    expect(p.dataToSend()).toEqual([client(10, "d"), client(10, "e")]);
  });

  it("keeps the pongs queued before a close frame, ahead of it; no pong after it", () => {
    const p = make({ maxPendingPongs: 2 });
    p.receiveData(concat(server(9, "a"), server(9, "b"), server(9, "c")));
    p.sendClose(1000);
    p.receiveData(server(9, "late")); // after our close: reported, not answered
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["ping", "ping", "ping", "ping"]);
    expect(p.dataToSend()).toEqual([
      client(10, "b"),
      client(10, "c"),
      client(8, closePayload(1000)),
    ]);
  });

  it("keeps the pongs queued before the close reply to the server's close", () => {
    const p = make({ maxPendingPongs: 1 });
    p.receiveData(concat(server(9, "a"), server(9, "b"), server(8, closePayload(1001))));
    expect(p.dataToSend()).toEqual([client(10, "b"), client(8, closePayload(1001))]);
  });
});

describe("RFC 6455 §5.5.1 / §7 close handshake", () => {
  it("echoes the server's close code", () => {
    const p = make();
    p.receiveData(server(8, closePayload(1001, "bye")));
    expect(p.eventsReceived()).toEqual([
      { type: "close", code: 1001, reason: "bye", data: closePayload(1001, "bye") },
    ]);
    expect(p.dataToSend()).toEqual([client(8, closePayload(1001))]);
    expect(p.closeRcvd).toEqual({ code: 1001, reason: "bye" });
    expect(p.closeSent).toEqual({ code: 1001, reason: "" });
    expect(p.state).toBe(State.CLOSING);
    p.receiveEof();
    expect(p.eventsReceived()).toEqual([{ type: "eof", clean: true }]);
    expect(p.state).toBe(State.CLOSED);
  });

  it("reports 1005 for an empty close and answers with an empty close", () => {
    const p = make();
    p.receiveData(server(8, ""));
    expect(p.eventsReceived()).toEqual([{ type: "close", code: 1005, reason: "", data: EMPTY }]);
    expect(p.dataToSend()).toEqual([client(8, "")]);
    expect(p.closeSent).toEqual({ code: 1005, reason: "" });
  });

  it("client-initiated: queues close, then takes the server's answer", () => {
    const p = make();
    p.sendClose(1000, "done");
    expect(p.closeSent).toEqual({ code: 1000, reason: "done" });
    expect(p.state).toBe(State.CLOSING);
    expect(p.dataToSend()).toEqual([client(8, closePayload(1000, "done"))]);
    p.sendClose(1001); // a second sendClose is a no-op
    // Data still arriving before the server's close is delivered.
    p.receiveData(concat(server(1, "late"), server(8, closePayload(1000))));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["message", "close"]);
    expect(p.dataToSend()).toEqual([]); // no second close
    expect(p.closeRcvd).toEqual({ code: 1000, reason: "" });
    p.receiveEof();
    expect(p.eventsReceived()).toEqual([{ type: "eof", clean: true }]);
  });

  it("sends an empty close without a code", () => {
    const p = make();
    p.sendClose();
    expect(p.dataToSend()).toEqual([client(8, "")]);
    expect(p.closeSent).toEqual({ code: 1005, reason: "" });
  });

  it("ignores everything after the close frame, a violation included", () => {
    const p = make();
    const close = server(8, closePayload(1000));
    p.receiveData(concat(close, server(9, "x"), new Uint8Array([0x83, 0x00])));
    p.receiveData(server(1, "ignored"));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["close"]);
    expect(p.dataToSend()).toEqual([client(8, closePayload(1000))]);
    expect(p.failure).toBeNull();
  });

  it("refuses to send after a close frame was sent, and after the end", () => {
    const p = make();
    p.sendClose();
    expect(() => p.sendText(enc.encode("x"))).toThrowError(/closing/);
    expect(() => p.sendPing()).toThrowError(/closing/);
    p.receiveEof();
    expect(() => p.sendBinary(EMPTY)).toThrowError(/closed/);
    expect(p.dataToSend()).toEqual([client(8, "")]);
  });

  it("reports an abnormal eof without a close frame, once, and reads no more", () => {
    const p = make();
    p.receiveData(server(1, "half", false));
    p.receiveEof();
    p.receiveEof();
    p.receiveData(server(1, "after"));
    expect(p.eventsReceived()).toEqual([{ type: "eof", clean: false }]);
    expect(p.state).toBe(State.CLOSED);
    p.fail(1002); // too late: nothing to close
    expect(p.dataToSend()).toEqual([]);
  });

  it.each([
    ["a 1-byte close payload", new Uint8Array([3]), 1002],
    ["close code 1005 on the wire", closePayload(1005), 1002],
    ["close code 999", closePayload(999), 1002],
    ["close code 2000", closePayload(2000), 1002],
    ["close reason not UTF-8", concat(closePayload(1000), new Uint8Array([0xff])), 1007],
  ])("fails on %s", (_name, payload, code) => {
    const p = make();
    p.receiveData(server(8, payload));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["error"]);
    expect(p.closeRcvd).toBeNull();
    expectFailsWith(p, lastError(events), code);
  });
});

describe("RFC 6455 §5.2 / §5.4 framing failures", () => {
  it.each([
    ["a continuation without a start", server(0, "x"), 1002],
    [
      "a new data frame inside a fragmented message",
      concat(server(1, "a", false), server(2, "b")),
      1002,
    ],
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
    p.receiveData(bytes);
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["error"]);
    expectFailsWith(p, lastError(events), code);
    // Later input is ignored.
    p.receiveData(server(9, "x"));
    expect(p.eventsReceived()).toEqual([]);
    expect(p.dataToSend()).toEqual([]);
  });
});

describe("RFC 6455 §7.1.7 failing the connection", () => {
  it("delivers the messages that precede the violation in the same chunk", () => {
    const p = make();
    const first = server(2, new Uint8Array(300).fill(7));
    p.receiveData(first.subarray(0, 100)); // the chunk starts in the middle of a frame
    p.receiveData(concat(first.subarray(100), server(1, "next"), new Uint8Array([0x83, 0x00])));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["message", "message", "error"]);
    expect(events[0]).toEqual({ type: "message", opcode: 2, data: first.subarray(4), rsv1: false });
    expectFailsWith(p, lastError(events), 1002);
  });

  it("holds the failure close until fail(), still allowing sends before it", () => {
    const p = make();
    p.receiveData(concat(server(1, "hi"), new Uint8Array([0x83, 0x00])));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["message", "error"]);
    expect(p.dataToSend()).toEqual([]);
    p.sendText(enc.encode("hi"));
    p.fail(1002);
    expect(p.dataToSend()).toEqual([client(1, "hi"), client(8, closePayload(1002))]);
    expect(p.state).toBe(State.CLOSING);
    expect(() => p.sendText(enc.encode("x"))).toThrowError(/closing/);
  });

  it("sendClose after an unanswered violation sends the violation's code", () => {
    const p = make();
    p.receiveData(server(1, new Uint8Array([0xff])));
    const error = lastError(p.eventsReceived());
    p.sendClose(1000, "bye");
    expect(p.dataToSend()).toEqual([client(8, closePayload(1007))]);
    expect(p.closeSent).toEqual({ code: 1007, reason: "" });
    expect(p.failure).toBe(error);
  });

  it("fails for a reason the driver found, with its reason and error, or one of its own", () => {
    const p = make();
    const error = new WebSocketException("inflate failed", { closeCode: 1007 });
    p.fail(1007, "bad deflate", error);
    expect(p.failure).toBe(error);
    expect(p.closeSent).toEqual({ code: 1007, reason: "bad deflate" });
    expect(p.dataToSend()).toEqual([client(8, closePayload(1007, "bad deflate"))]);
    p.receiveData(server(1, "ignored"));
    expect(p.eventsReceived()).toEqual([]);
    const q = make();
    q.fail(1011);
    expect(q.failure?.closeCode).toBe(1011);
    expect(q.dataToSend()).toEqual([client(8, closePayload(1011))]);
  });

  it("queues no second close once one was sent", () => {
    const p = make();
    p.sendClose(1000);
    p.dataToSend();
    p.receiveData(server(0, "x"));
    const error = lastError(p.eventsReceived());
    p.fail(error.closeCode!);
    expect(p.dataToSend()).toEqual([]);
    expect(p.closeSent).toEqual({ code: 1000, reason: "" });
    expect(p.state).toBe(State.CLOSING);
    expect(p.failure).toBe(error);
  });
});

describe("limits: maxPayload", () => {
  it("fails 1009 on a frame over the limit, at its header", () => {
    const p = make({ maxPayload: 10 });
    p.receiveData(server(2, new Uint8Array(11)).subarray(0, 2));
    expectFailsWith(p, lastError(p.eventsReceived()), 1009);
  });

  it("fails 1009 on fragments whose total exceeds the limit", () => {
    const p = make({ maxPayload: 10 });
    p.receiveData(concat(server(2, new Uint8Array(6), false), server(0, new Uint8Array(5), false)));
    expectFailsWith(p, lastError(p.eventsReceived()), 1009);
  });

  it("accepts a message of exactly the limit, and 0 means no limit", () => {
    const p = make({ maxPayload: 10 });
    p.receiveData(concat(server(2, new Uint8Array(6), false), server(0, new Uint8Array(4))));
    expect(p.eventsReceived()).toEqual([
      { type: "message", opcode: 2, data: new Uint8Array(10), rsv1: false },
    ]);
    const q = make({ maxPayload: 0 });
    q.receiveData(server(2, new Uint8Array(200_000)));
    const events = q.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["message"]);
    expect((events[0] as { data: Uint8Array }).data.length).toBe(200_000);
  });
});
