import { describe, expect, it } from "vitest";
import {
  concat,
  dec,
  expectFailsWith,
  lastError,
  make,
  msg,
  only,
  server,
} from "./test-support.js";

describe("RFC 7692 §6 / RFC 6455 §5.2 RSV1 (left for the extension)", () => {
  it("delivers an RSV1 message as it is, flagged, its text not validated", () => {
    const p = make({ allowRsv1: true });
    p.receiveData(concat(server(1, [0xff, 0], true, true), server(1, [0xff], false, true)));
    p.receiveData(server(0, "\u00e9"));
    expect(p.eventsReceived()).toEqual([msg(1, [0xff, 0], true), msg(1, [0xff, 0xc3, 0xa9], true)]);
  });

  it("still validates text without RSV1 when RSV1 is allowed", () => {
    const p = make({ allowRsv1: true });
    p.receiveData(server(1, [0xff]));
    expectFailsWith(p, lastError(p.eventsReceived()), 1007);
  });

  it("assembles a compressed (RSV1) message even with fireContFrame: its extension decodes it whole", () => {
    const p = make({ allowRsv1: true, fireContFrame: true });
    p.receiveData(concat(server(1, [0xff], false, true), server(0, "b")));
    const events = p.eventsReceived();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe("message");
    if (event?.type !== "message") return;
    expect([event.opcode, event.rsv1, [...event.data]]).toEqual([1, true, [0xff, 0x62]]);
    // The next, uncompressed, message comes frame by frame again.
    p.receiveData(concat(server(2, [1], false), server(0, [2])));
    expect(p.eventsReceived().map((e) => e.type)).toEqual(["fragment", "fragment"]);
  });
});

describe("RFC 6455 §8.1 UTF-8 handling", () => {
  it("fails 1007 at the first invalid fragment, before the message ends", () => {
    const p = make();
    p.receiveData(server(1, [0xce, 0xba], false));
    expect(p.eventsReceived()).toEqual([]);
    p.receiveData(server(0, [0xff], false));
    expectFailsWith(p, lastError(p.eventsReceived()), 1007);
  });

  it("accepts a character split across fragments", () => {
    const p = make();
    p.receiveData(concat(server(1, [0xce], false), server(0, [0xba])));
    expect(dec.decode(only(p.eventsReceived(), "message").data)).toBe("κ");
  });

  it("fails 1007 on a sequence truncated at the end of the message", () => {
    const p = make();
    p.receiveData(server(1, [0x61, 0xce]));
    expectFailsWith(p, lastError(p.eventsReceived()), 1007);
  });

  it("fails 1007 inside a frame, at the chunk that carried the bad byte (Autobahn 6.4.3)", () => {
    const p = make();
    const frame = server(1, concat("κόσμε", [0xf4, 0x90, 0x80, 0x80], "edited"));
    p.receiveData(frame.subarray(0, 13)); // header + "κόσμε" (valid so far)
    expect(p.eventsReceived()).toEqual([]);
    p.receiveData(frame.subarray(13, 15)); // 0xf4 0x90: 0x110000 and above is not UTF-8
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["error"]);
    expectFailsWith(p, lastError(events), 1007);
    p.receiveData(frame.subarray(15)); // reading has stopped
    expect(p.eventsReceived()).toEqual([]);
  });

  it("reports errors in stream order (1002 before a later 1007)", () => {
    const p = make();
    p.receiveData(concat(server(1, "ok"), [0x83, 0x00], server(1, [0xff])));
    const events = p.eventsReceived();
    expect(events.map((e) => e.type)).toEqual(["message", "error"]);
    expectFailsWith(p, lastError(events), 1002);
  });

  it("skips validation with skipUtf8Validation", () => {
    const p = make({ skipUtf8Validation: true });
    p.receiveData(server(1, [0xff]));
    expect([...only(p.eventsReceived(), "message").data]).toEqual([0xff]);
  });
});
