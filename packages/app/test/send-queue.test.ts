import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { until, within } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketApp } from "../src/index.js";
import { startWs, type WsPeerServer } from "./servers.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
async function track(p: Promise<WsPeerServer>): Promise<WsPeerServer> {
  const s = await p;
  stops.push(() => s.kill());
  return s;
}

describe("WebSocketApp sendQueue: messages sent while reconnecting", () => {
  it("are flushed in order right after onReconnect (whose own sends go first)", async () => {
    const received: string[][] = [];
    let n = 0;
    const server = await track(
      startWs((peer) => {
        const mine: string[] = [];
        received.push(mine);
        const k = ++n;
        peer.on("message", (data) => {
          mine.push(String(data));
          if (k === 1) peer.terminate(); // drop without a close frame
        });
      }),
    );
    const pending: Promise<number>[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      sendQueue: { maxMessages: 10 },
      onOpen: (a) => a.send("first"),
      onError: (a) => {
        // The connection is gone and the app is about to reconnect.
        expect(a.ready()).toBe(false);
        pending.push(a.send("queued 1"), a.sendBytes(new TextEncoder().encode("queued 2")));
      },
      onReconnect: async (a) => {
        await a.send("hello again");
      },
    });
    const run = app.runForever({ reconnect: { minDelay: 10, maxDelay: 20 } });
    await within(
      until(() => received[1]?.length === 3, 5000, "second connection got 3 messages"),
      6000,
      "flush",
    );
    expect(received).toEqual([["first"], ["hello again", "queued 1", "queued 2"]]);
    expect(await within(Promise.all(pending), 3000, "queued sends")).toHaveLength(2);
    await app.close();
    await within(run, 3000, "runForever");
  });

  it("are rejected with WebSocketConnectionClosedException when the app stops", async () => {
    const server = await track(startWs((peer) => peer.terminate()));
    let queued: Promise<number> | undefined;
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      sendQueue: true,
      onError: (a) => {
        queued ??= a.send("never sent");
        void a.close();
      },
    });
    await within(app.runForever({ reconnect: { minDelay: 10_000 } }), 3000, "runForever");
    const err = await queued?.catch((e: unknown) => e);
    expect(WebSocketConnectionClosedException.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe(
      "WebSocketApp stopped before a queued message could be sent",
    );
  });

  it("off by default: a send while reconnecting rejects at once, as in Python", async () => {
    const server = await track(startWs((peer) => peer.terminate()));
    const errors: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onError: async (a) => {
        errors.push(await a.send("x").catch((e: unknown) => e));
        await a.close();
      },
    });
    await within(app.runForever({ reconnect: { minDelay: 10_000 } }), 3000, "runForever");
    expect(WebSocketConnectionClosedException.isInstance(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toBe("Connection is already closed.");
  });

  it("rejects a bad sendQueue option in the constructor", () => {
    expect(() => new WebSocketApp("ws://x/", { sendQueue: { maxBytes: -1 } })).toThrow(
      "sendQueue.maxBytes must be an integer >= 1, got -1",
    );
  });
});
