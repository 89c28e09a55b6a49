import type { WebSocketBadStatusException } from "@wsclient/errors";
import { within } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocketApp } from "../src/index.js";
import { startUnauthorized, startWs, type WsPeerServer } from "./servers.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
function track(s: WsPeerServer): WsPeerServer {
  stops.push(() => s.kill());
  return s;
}

describe("runForever on the shared retry policy, against real servers", () => {
  it("waits Retry-After: 2 after a 503 (fake time) and then connects", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let attempts = 0;
    const server = track(
      await startWs(() => {}, {
        verifyClient: (_info, cb) => {
          attempts++;
          if (attempts === 1) cb(false, 503, "Service Unavailable", { "Retry-After": "2" });
          else cb(true);
        },
      }),
    );
    const errors: unknown[] = [];
    let opened = 0;
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onError: (_a, e) => {
        errors.push(e);
      },
      onOpen: () => {
        opened++;
      },
    });
    const run = app.runForever({ reconnect: { minDelay: 100, random: () => 0 } });
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 3000 });
    const first = errors[0] as WebSocketBadStatusException;
    expect(first.statusCode).toBe(503);
    expect(first.respHeaders["retry-after"]).toBe("2");
    await vi.advanceTimersByTimeAsync(1999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(opened).toBe(1), { timeout: 3000 });
    expect(attempts).toBe(2);
    vi.useRealTimers();
    await app.close();
    await expect(within(run, 3000, "runForever")).resolves.toBe(false);
  });

  it("reconnects after a 1013 close (Try Again Later)", async () => {
    let n = 0;
    const server = track(
      await startWs((peer) => {
        if (++n === 1) peer.close(1013, "busy");
      }),
    );
    const events: unknown[] = [];
    const app = new WebSocketApp(`ws://127.0.0.1:${server.port}/`, {
      onOpen: () => {
        events.push("open");
      },
      onReconnect: async (a) => {
        events.push("reconnect");
        await a.close();
      },
    });
    const errored = await within(
      app.runForever({ reconnect: { minDelay: 10, maxDelay: 20 } }),
      3000,
      "runForever",
    );
    expect(errored).toBe(false);
    expect(events).toEqual(["open", "reconnect"]);
  });

  it("stops after a 1008 close (policy violation) and after a 401", async () => {
    const violating = track(await startWs((peer) => peer.close(1008, "no")));
    const app = new WebSocketApp(`ws://127.0.0.1:${violating.port}/`);
    await within(app.runForever({ reconnect: { minDelay: 10 } }), 3000, "runForever");
    expect(violating.requests).toHaveLength(1);

    const unauthorized = await startUnauthorized();
    stops.push(unauthorized.close);
    const errors: unknown[] = [];
    const app401 = new WebSocketApp(`ws://127.0.0.1:${unauthorized.port}/`, {
      onError: (_a, e) => {
        errors.push(e);
      },
    });
    const errored = await within(
      app401.runForever({ reconnect: { minDelay: 10 } }),
      3000,
      "runForever",
    );
    expect(errored).toBe(true);
    expect(unauthorized.upgrades()).toBe(1);
    expect((errors[0] as WebSocketBadStatusException).statusCode).toBe(401);
  });
});
