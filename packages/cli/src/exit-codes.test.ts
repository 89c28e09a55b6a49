import { backoffDelay } from "@wsclient/app";
import {
  WebSocketAddressException,
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProtocolException,
  WebSocketProxyException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { EXIT, exitCodeFor, exitCodeForClose } from "./exit-codes.js";
import { RECONNECT_MIN_DELAY, reconnectPolicy } from "./reconnect.js";

describe("exit status", () => {
  it("maps each error class to its status", () => {
    expect(exitCodeFor(new WebSocketTimeoutException("t"), "connect")).toBe(EXIT.TIMEOUT);
    expect(exitCodeFor(new WebSocketAddressException("a"), "connect")).toBe(EXIT.CONNECT);
    expect(exitCodeFor(new WebSocketProxyException("p"), "connect")).toBe(EXIT.CONNECT);
    expect(
      exitCodeFor(new WebSocketBadStatusException("b", { statusCode: 401 } as never), "connect"),
    ).toBe(EXIT.HANDSHAKE);
    expect(exitCodeFor(new WebSocketException("Invalid WebSocket Header"), "connect")).toBe(
      EXIT.HANDSHAKE,
    );
    expect(
      exitCodeFor(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }), "connect"),
    ).toBe(EXIT.CONNECT);
    expect(exitCodeFor(new WebSocketProtocolException("p"), "open")).toBe(EXIT.PROTOCOL);
    expect(exitCodeFor(new WebSocketConnectionClosedException("c"), "open")).toBe(
      EXIT.ABNORMAL_CLOSE,
    );
    expect(exitCodeFor(new Error("?"), "open")).toBe(EXIT.FAILURE);
  });

  it("0 only for 1000/1001 from the server", () => {
    expect(exitCodeForClose(1000)).toBe(0);
    expect(exitCodeForClose(1001)).toBe(0);
    expect(exitCodeForClose(1011)).toBe(EXIT.ABNORMAL_CLOSE);
    expect(exitCodeForClose(null)).toBe(EXIT.ABNORMAL_CLOSE);
  });
});

describe("reconnect backoff (app's policy)", () => {
  it("full jitter above 0.5 s under a doubling ceiling capped at --reconnect-max-delay", () => {
    const top = { ...reconnectPolicy(4), random: () => 1 };
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(top, n))).toEqual([
      1000, 2000, 4000, 4000, 4000,
    ]);
    const bottom = { ...reconnectPolicy(4), random: () => 0 };
    expect(backoffDelay(bottom, 3)).toBe(RECONNECT_MIN_DELAY);
    expect(reconnectPolicy(0).maxDelay).toBe(RECONNECT_MIN_DELAY); // never below 0.5 s
  });
});
