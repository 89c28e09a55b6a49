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
import { backoffDelay } from "./backoff.js";
import { EXIT, exitCodeFor, exitCodeForClose } from "./exit-codes.js";

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

describe("reconnect backoff", () => {
  it("full jitter under an exponential ceiling capped at maxDelay", () => {
    const o = { minDelay: 500, maxDelay: 4000, random: () => 0.999 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, o))).toEqual([
      499, 999, 1998, 3996, 3996, 3996,
    ]);
    expect(backoffDelay(3, { ...o, random: () => 0, floor: 100 })).toBe(100);
  });
});
