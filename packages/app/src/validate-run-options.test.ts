import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { getReconnect, setReconnect } from "./default-reconnect.js";
import { validateKeepalive, validateReconnectDelay } from "./validate-run-options.js";
import { WebSocketApp } from "./websocket-app.js";

describe("validateKeepalive (Python run_forever's checks)", () => {
  it("accepts the defaults and valid pairs", () => {
    expect(validateKeepalive(undefined, undefined)).toEqual({ pingInterval: 0, pingTimeout: null });
    expect(validateKeepalive(1000, 500)).toEqual({ pingInterval: 1000, pingTimeout: 500 });
    expect(validateKeepalive(0, 500)).toEqual({ pingInterval: 0, pingTimeout: 500 });
    expect(validateKeepalive(1000, null)).toEqual({ pingInterval: 1000, pingTimeout: null });
  });

  it("requires pingTimeout > 0", () => {
    expect(() => validateKeepalive(1000, 0)).toThrow(
      "pingTimeout must be a finite number of ms > 0, got 0",
    );
    expect(() => validateKeepalive(1000, -1)).toThrow(WebSocketException);
    expect(() => validateKeepalive(1000, Number.NaN)).toThrow(/pingTimeout/);
  });

  it("requires pingInterval >= 0", () => {
    expect(() => validateKeepalive(-1, undefined)).toThrow(
      "pingInterval must be a finite number of ms >= 0, got -1",
    );
    expect(() => validateKeepalive("10", undefined)).toThrow(WebSocketException);
    expect(() => validateKeepalive(Number.POSITIVE_INFINITY, undefined)).toThrow(/pingInterval/);
  });

  it("requires pingInterval > pingTimeout when both are set", () => {
    expect(() => validateKeepalive(500, 500)).toThrow(
      "pingInterval (500 ms) must be greater than pingTimeout (500 ms)",
    );
    expect(() => validateKeepalive(100, 500)).toThrow(WebSocketException);
  });
});

describe("validateReconnectDelay (times are ms, Python's are seconds)", () => {
  it("refuses a fixed delay above 0 and below 100 ms, saying what to write", () => {
    expect(() => validateReconnectDelay(5)).toThrow(WebSocketException);
    expect(() => validateReconnectDelay(5)).toThrow(
      "reconnect is a delay in milliseconds and must be 0 (off) or at least 100, got 5: for Python's reconnect=5 (seconds) write reconnect: 5000",
    );
    expect(() => validateReconnectDelay(0.5)).toThrow(/write reconnect: 500$/);
    expect(() => validateReconnectDelay(99)).toThrow(/got 99/);
  });

  it("passes 0 (off), 100 ms and more, booleans, null and backoff options through", () => {
    for (const ok of [0, 100, 5000, true, false, null, undefined, { minDelay: 1000 }]) {
      expect(validateReconnectDelay(ok)).toBe(ok);
    }
  });
});

describe("runForever and setReconnect refuse Python's seconds", () => {
  it("runForever({ reconnect: 5 }) rejects before connecting", async () => {
    const app = new WebSocketApp("ws://127.0.0.1:9/");
    await expect(app.runForever({ reconnect: 5 })).rejects.toThrow(WebSocketException);
    await expect(app.runForever({ reconnect: 5 })).rejects.toThrow(/write reconnect: 5000$/);
  });

  it("setReconnect(5) throws and keeps the previous setting", () => {
    const before = getReconnect();
    expect(() => setReconnect(5)).toThrow(/Python's reconnect=5 \(seconds\) write reconnect: 5000/);
    expect(getReconnect()).toBe(before);
  });
});
