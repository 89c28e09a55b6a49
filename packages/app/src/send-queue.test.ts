import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { SendQueue } from "./send-queue.js";

describe("SendQueue", () => {
  it("is off unless asked for, and checks its bounds", () => {
    expect(SendQueue.from(undefined)).toBeNull();
    expect(SendQueue.from(false)).toBeNull();
    expect(SendQueue.from(true)).toMatchObject({ maxMessages: 1000, maxBytes: 1024 * 1024 });
    expect(() => SendQueue.from({ maxMessages: 0 })).toThrow(
      "sendQueue.maxMessages must be an integer >= 1, got 0",
    );
    expect(() => SendQueue.from({ maxBytes: 1.5 })).toThrow(/maxBytes/);
    expect(() => SendQueue.from("yes" as never)).toThrow(/sendQueue must be/);
  });

  it("rejects a message that would pass the count or byte bound, keeping the rest", async () => {
    const q = new SendQueue({ maxMessages: 2, maxBytes: 8 });
    const a = q.push("héllo", undefined); // 6 bytes in UTF-8
    const full = await q.push(new Uint8Array(3), undefined).catch((e: unknown) => e);
    expect(WebSocketConnectionClosedException.isInstance(full)).toBe(true);
    expect(String((full as Error).message)).toMatch(/send queue is full \(1 messages, 6 bytes/);
    const b = q.push("ab", undefined);
    const third = await q.push("c", undefined).catch((e: unknown) => e);
    expect(String((third as Error).message)).toMatch(/limits 2 messages, 8 bytes/);
    expect([q.length, q.bytes]).toEqual([2, 8]);
    const sent: unknown[] = [];
    await q.flush(async (d) => {
      sent.push(d);
      return 10;
    });
    await expect(a).resolves.toBe(10);
    await expect(b).resolves.toBe(10);
    expect(sent).toEqual(["héllo", "ab"]);
    expect([q.length, q.bytes, q.busy]).toEqual([0, 0, false]);
  });

  it("flushes in order, including messages queued during the flush", async () => {
    const q = new SendQueue();
    const sent: string[] = [];
    void q.push("1", undefined);
    void q.push("2", undefined);
    await q.flush(async (d) => {
      sent.push(String(d));
      if (d === "1") void q.push("3", undefined);
      return 1;
    });
    expect(sent).toEqual(["1", "2", "3"]);
  });

  it("puts a message whose send failed back at the head for the next connection", async () => {
    const q = new SendQueue();
    const one = q.push("1", 1);
    const two = q.push("2", 1);
    await q.flush(async () => {
      throw new WebSocketConnectionClosedException("lost");
    });
    expect(q.length).toBe(2);
    const sent: unknown[][] = [];
    await q.flush(async (d, op) => {
      sent.push([d, op]);
      return 3;
    });
    expect(sent).toEqual([
      ["1", 1],
      ["2", 1],
    ]);
    await expect(Promise.all([one, two])).resolves.toEqual([3, 3]);
  });

  it("rejectAll rejects every waiting message", async () => {
    const q = new SendQueue();
    const waiting = [q.push("a", undefined), q.push("b", undefined)];
    const stop = new WebSocketConnectionClosedException("stopped");
    q.rejectAll(stop);
    for (const p of waiting) await expect(p).rejects.toBe(stop);
    expect([q.length, q.bytes]).toEqual([0, 0]);
  });
});
