import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { validateKeepalive } from "./validate-run-options.js";

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
