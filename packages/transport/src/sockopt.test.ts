import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { DEFAULT_SOCKET_OPTION, resolveSockOpt } from "./sockopt.js";

describe("sockopt", () => {
  it("defaults to Python's DEFAULT_SOCKET_OPTION", () => {
    expect(resolveSockOpt()).toEqual({
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    });
    expect(resolveSockOpt(null)).toEqual(DEFAULT_SOCKET_OPTION);
  });

  it("takes Python tuples by name or number", () => {
    expect(
      resolveSockOpt([
        ["IPPROTO_TCP", "TCP_NODELAY", 0],
        ["SOL_SOCKET", "SO_KEEPALIVE", 1],
        ["IPPROTO_TCP", "TCP_KEEPIDLE", 60],
        ["IPPROTO_TCP", "TCP_KEEPINTVL", 10],
        ["IPPROTO_TCP", "TCP_KEEPCNT", 3],
      ]),
    ).toEqual({ noDelay: false, keepAlive: true, keepAliveInitialDelay: 60_000 });
    expect(
      resolveSockOpt([
        [6, 1, false],
        [1, 9, 0],
      ]),
    ).toEqual({
      noDelay: false,
      keepAlive: false,
      keepAliveInitialDelay: 30_000,
    });
  });

  it("takes the object form", () => {
    expect(resolveSockOpt({ noDelay: false })).toMatchObject({ noDelay: false, keepAlive: true });
    expect(resolveSockOpt({ keepAlive: false })).toMatchObject({ keepAlive: false });
    expect(resolveSockOpt({ keepAlive: { initialDelay: 5000 } })).toEqual({
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: 5000,
    });
  });

  it.each([
    [[["IPPROTO_TCP", "TCP_MAXSEG", 1]], /TCP option "TCP_MAXSEG" is not supported/],
    [[["SOL_SOCKET", "SO_RCVBUF", 1]], /socket option "SO_RCVBUF"/],
    [[["IPPROTO_UDP", 1, 1]], /level "IPPROTO_UDP"/],
    [[["IPPROTO_TCP", "TCP_NODELAY"]], /expected \[level, option, value\]/],
    [[["IPPROTO_TCP", "TCP_KEEPIDLE", -1]], /must not be negative/],
    [[["IPPROTO_TCP", "TCP_NODELAY", "yes"]], /not a number/],
    [{ keepAlive: { initialDelay: -5 } }, /initialDelay/],
    ["nodelay", /expected a list or an object/],
  ])("rejects %j", (value, message) => {
    expect(() => resolveSockOpt(value as never)).toThrow(WebSocketException);
    expect(() => resolveSockOpt(value as never)).toThrow(message);
  });
});
