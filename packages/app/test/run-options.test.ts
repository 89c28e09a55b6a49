import { lookup as dnsLookup } from "node:dns";
import type { LookupFunction } from "node:net";
import {
  CONNECT_OPTION_KEYS,
  WEBSOCKET_OPTION_KEYS,
  WebSocket,
  type WebSocketOptions,
} from "@wsclient/core";
import { WebSocketException } from "@wsclient/errors";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketApp } from "../src/index.js";
import { APP_MANAGED_KEYS, RUN_FOREVER_KEYS } from "../src/options.js";
import { startWs, type WsPeerServer } from "./servers.js";

let server: WsPeerServer | null = null;
afterEach(async () => {
  await server?.kill();
  server = null;
});

describe("runForever takes every connection option core has (defined once)", () => {
  it("lists every core key but the ones the app manages", () => {
    const managed = APP_MANAGED_KEYS as readonly string[];
    for (const key of [...WEBSOCKET_OPTION_KEYS, ...CONNECT_OPTION_KEYS]) {
      expect(RUN_FOREVER_KEYS.includes(key)).toBe(!managed.includes(key) || key === "signal");
    }
  });

  it("passes readHighWaterMark, maxPendingPongs, trace, lookup and env through to the connection", async () => {
    server = await startWs((peer) => peer.close(1000, "bye"));
    const made: WebSocketOptions[] = [];
    const looked: string[] = [];
    const lines: string[] = [];
    const lookup: LookupFunction = (host, options, callback) => {
      looked.push(host);
      dnsLookup(host, options, callback);
    };
    const app = new WebSocketApp(`ws://localhost:${server.port}/`, {
      createSocket: (options) => {
        made.push(options);
        return new WebSocket(options);
      },
    });
    const errored = await app.runForever({
      readHighWaterMark: 4096,
      maxPendingPongs: 3,
      trace: (line) => lines.push(line),
      lookup,
      env: {},
      openTimeout: 5000,
    });
    expect(errored).toBe(false);
    expect(made[0]).toMatchObject({ readHighWaterMark: 4096, maxPendingPongs: 3 });
    expect(looked).toEqual(["localhost"]);
    expect(lines.some((l) => l.includes("request header"))).toBe(true);
  });
});

describe("an option nobody knows is a typed error that says what to write", () => {
  const app = () => new WebSocketApp("ws://127.0.0.1:9/");

  it("runForever: a typo, a Python name, a ws habit", async () => {
    await expect(app().runForever({ pinginterval: 5 } as never)).rejects.toThrow(
      /unknown option "pinginterval": did you mean pingInterval\?/,
    );
    await expect(app().runForever({ ping_interval: 5 } as never)).rejects.toThrow(
      /unknown option "ping_interval": write pingInterval/,
    );
    await expect(app().runForever({ perMessageDeflate: false } as never)).rejects.toThrow(
      /use compression/,
    );
    await expect(app().runForever({ header: [] } as never)).rejects.toBeInstanceOf(
      WebSocketException,
    );
  });

  it("runForever: a known option of the wrong type names it", async () => {
    await expect(app().runForever({ readHighWaterMark: "big" } as never)).rejects.toThrow(
      /readHighWaterMark must be an integer ≥ 1, got "big"/,
    );
  });

  it("new WebSocketApp(): unknown keys too", () => {
    expect(() => new WebSocketApp("ws://x/", { on_message: () => {} } as never)).toThrow(
      /unknown option "on_message": write onMessage/,
    );
  });
});
