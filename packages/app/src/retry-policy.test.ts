import {
  WebSocketAddressException,
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProtocolException,
  WebSocketTimeoutException,
  WebSocketTlsException,
} from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { defaultShouldReconnect, parseRetryAfter } from "./retry-policy.js";

const badStatus = (statusCode: number, respHeaders: Record<string, string> = {}) =>
  new WebSocketBadStatusException(`Handshake status ${statusCode}`, { statusCode, respHeaders });
const closed = (closeCode?: number) =>
  new WebSocketConnectionClosedException("closed", { closeCode });

describe("defaultShouldReconnect: handshake status (RFC 9110 §15)", () => {
  it("retries 500, 502, 503, 504, 408 and 429", () => {
    for (const s of [500, 502, 503, 504, 408, 429]) {
      expect(defaultShouldReconnect(badStatus(s))).toBe(true);
    }
  });
  it("never retries other 4xx, 501, 505 or a non-101 success", () => {
    for (const s of [400, 401, 403, 404, 410, 426, 501, 505, 200, 302]) {
      expect(defaultShouldReconnect(badStatus(s))).toBe(false);
    }
  });
  it("honours Retry-After in seconds on 429 and 503 (RFC 9110 §10.2.3)", () => {
    expect(defaultShouldReconnect(badStatus(503, { "retry-after": "2" }))).toBe(2000);
    expect(defaultShouldReconnect(badStatus(429, { "retry-after": " 120 " }))).toBe(120_000);
    // Only 429 and 503 define it; elsewhere it is ignored.
    expect(defaultShouldReconnect(badStatus(502, { "retry-after": "9" }))).toBe(true);
    // Unreadable: the plain backoff.
    expect(defaultShouldReconnect(badStatus(503, { "retry-after": "soon" }))).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Sun, 06 Dec 2026 10:00:00 GMT");
  it("reads delay-seconds and HTTP-date", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Sun, 06 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 06 Dec 2026 09:00:00 GMT", now)).toBe(0);
  });
  it("gives undefined for a missing or unreadable value", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("-3", now)).toBeUndefined();
    expect(parseRetryAfter("later", now)).toBeUndefined();
  });
});

describe("defaultShouldReconnect: RFC 6455 §7.4.1 close codes", () => {
  it("retries 1001, 1006, 1011, 1012, 1013, 1014 and application codes", () => {
    for (const c of [1001, 1006, 1011, 1012, 1013, 1014, 3000, 4000, 4999]) {
      expect(defaultShouldReconnect(closed(c))).toBe(true);
    }
  });
  it("treats a lost connection without a close code as 1006", () => {
    expect(defaultShouldReconnect(closed())).toBe(true);
  });
  it("stops after a clean 1000/1005 and never retries 1002, 1003, 1007, 1008", () => {
    for (const c of [1000, 1005, 1002, 1003, 1007, 1008, 1009, 1010]) {
      expect(defaultShouldReconnect(closed(c))).toBe(false);
    }
  });
});

describe("defaultShouldReconnect: errors", () => {
  it("retries network errors and timeouts", () => {
    expect(defaultShouldReconnect(new WebSocketAddressException("refused"))).toBe(true);
    expect(defaultShouldReconnect(new WebSocketTimeoutException("timed out"))).toBe(true);
    expect(defaultShouldReconnect(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe(
      true,
    );
  });
  it("retries a TLS handshake cut by the network, not a certificate failure", () => {
    const reset = Object.assign(new Error("reset"), { code: "ECONNRESET" });
    expect(defaultShouldReconnect(new WebSocketTlsException("cut", { cause: reset }))).toBe(true);
    const cert = Object.assign(new Error("self signed"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(defaultShouldReconnect(new WebSocketTlsException("verify", { cause: cert }))).toBe(
      false,
    );
  });
  it("stops on protocol errors and other typed errors", () => {
    expect(defaultShouldReconnect(new WebSocketProtocolException("bad accept"))).toBe(false);
    expect(defaultShouldReconnect(new WebSocketException("redirect limit"))).toBe(false);
  });
});
