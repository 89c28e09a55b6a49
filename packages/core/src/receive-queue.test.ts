import { WebSocketConnectionClosedException, WebSocketTimeoutException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { NOT_READY, type QueueItem, ReceiveQueue, SKIP } from "./receive-queue.js";

function item(text: string, type: "message" | "ping" = "message"): QueueItem {
  const data = new TextEncoder().encode(text);
  const event =
    type === "message"
      ? ({ type, opcode: 1, data, rsv1: false } as const)
      : ({ type, data } as const);
  return { event, size: data.length, pending: null };
}
const text = (i: QueueItem) => new TextDecoder().decode((i.event as { data: Uint8Array }).data);

describe("ReceiveQueue", () => {
  it("serves waiters in call order, skipping what a handler skips", async () => {
    const q = new ReceiveQueue();
    const a = q.take((i) => (i.event.type === "ping" ? SKIP : text(i)));
    const b = q.take(text);
    q.push(item("p", "ping"));
    q.push(item("one"));
    q.push(item("two"));
    expect(await a).toBe("one");
    expect(await b).toBe("two");
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
  });

  it("counts queued bytes and reports every item taken or dropped", () => {
    const q = new ReceiveQueue();
    const shifted: Array<string | null> = [];
    q.onShift = (i) => shifted.push(i === null ? null : text(i));
    q.push(item("a"));
    q.push(item("bb"));
    q.push(item("ccc"));
    expect(q.bytes).toBe(6);
    expect(q.poll(text)).toBe("a");
    expect(q.bytes).toBe(5);
    q.clear();
    expect(q.bytes).toBe(0);
    expect(shifted).toEqual(["a", null]);
  });

  it("poll takes a ready item at once, and nothing while a waiter is ahead", async () => {
    const q = new ReceiveQueue();
    expect(q.poll(text)).toBe(NOT_READY);
    q.push(item("p", "ping"));
    q.push(item("one"));
    expect(q.poll((i) => (i.event.type === "ping" ? SKIP : text(i)))).toBe("one");
    expect(q.length).toBe(0);
    const waiting = q.take(text);
    expect(q.poll(text)).toBe(NOT_READY);
    q.push(item("two"));
    expect(await waiting).toBe("two");
    q.push(item("bad"));
    expect(() =>
      q.poll(() => {
        throw new Error("handler");
      }),
    ).toThrow("handler");
    expect(q.length).toBe(0); // the item that threw is consumed, as with take
  });

  it("a timed-out waiter leaves the queue and the next waiter in place", async () => {
    const q = new ReceiveQueue();
    const slow = q.take(text, { timeout: 10 });
    const next = q.take(text);
    await expect(slow).rejects.toBeInstanceOf(WebSocketTimeoutException);
    q.push(item("after"));
    expect(await next).toBe("after");
  });

  it("delivers queued items before the end error, then the error to everyone", async () => {
    const q = new ReceiveQueue();
    q.push(item("last"));
    q.end(new WebSocketConnectionClosedException("closed", { closeCode: 1000 }));
    expect(await q.take(text)).toBe("last");
    await expect(q.take(text)).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    await expect(q.take(text)).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });

  it("waits for an item whose payload is still being decoded, in order", async () => {
    const q = new ReceiveQueue();
    const slow = item("raw");
    slow.pending = new Promise<void>((r) => setTimeout(r, 20)).then(() => {
      slow.event = {
        ...(slow.event as object),
        data: new TextEncoder().encode("decoded"),
      } as QueueItem["event"];
      slow.pending = null;
    });
    q.push(slow);
    q.push(item("second"));
    expect(await q.take(text)).toBe("decoded");
    expect(await q.take(text)).toBe("second");
  });

  it("reports each item taken, so the driver can resume reading", () => {
    const q = new ReceiveQueue();
    let drained = 0;
    q.onShift = () => drained++;
    q.push(item("xyz"));
    expect(q.bytes).toBe(3);
    void q.take(text);
    expect(q.bytes).toBe(0);
    expect(drained).toBe(1);
  });
});
