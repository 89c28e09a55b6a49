import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { parseTarget, parseUrl } from "./parse-url.js";

describe("RFC 6455 §3 WebSocket URIs: parseUrl (Python's results)", () => {
  it.each([
    ["ws://www.example.com/r", ["www.example.com", 80, "/r", false]],
    ["ws://www.example.com/r/", ["www.example.com", 80, "/r/", false]],
    ["ws://www.example.com/", ["www.example.com", 80, "/", false]],
    ["ws://www.example.com", ["www.example.com", 80, "/", false]],
    ["ws://www.example.com:8080/r", ["www.example.com", 8080, "/r", false]],
    ["ws://www.example.com:8080/", ["www.example.com", 8080, "/", false]],
    ["ws://www.example.com:8080", ["www.example.com", 8080, "/", false]],
    ["wss://www.example.com:8080/r", ["www.example.com", 8080, "/r", true]],
    ["wss://www.example.com/r", ["www.example.com", 443, "/r", true]],
    ["wss://www.example.com/r?key=value", ["www.example.com", 443, "/r?key=value", true]],
    ["ws://www.example.com?a=1", ["www.example.com", 80, "/?a=1", false]],
    ["ws://www.example.com/r?a=1#frag", ["www.example.com", 80, "/r?a=1", false]],
    ["ws://www.example.com/r#frag?not=query", ["www.example.com", 80, "/r", false]],
    ["ws://www.example.com/r?", ["www.example.com", 80, "/r", false]],
    ["ws://WWW.Example.COM/Path", ["www.example.com", 80, "/Path", false]],
    ["ws://www.example.com:/r", ["www.example.com", 80, "/r", false]],
    ["ws://[2a03:4000:123:83::3]/r", ["2a03:4000:123:83::3", 80, "/r", false]],
    ["ws://[2a03:4000:123:83::3]:8080/r", ["2a03:4000:123:83::3", 8080, "/r", false]],
    ["wss://[2a03:4000:123:83::3]/r", ["2a03:4000:123:83::3", 443, "/r", true]],
    ["wss://[::1]:8080", ["::1", 8080, "/", true]],
    ["ws://127.0.0.1:65535/a%20b", ["127.0.0.1", 65535, "/a%20b", false]],
    ["WSS://example.com/", ["example.com", 443, "/", true]],
    ["ws://Bücher.example/", ["bücher.example", 80, "/", false]],
    ["ws://user:pw@example.com:81/x", ["example.com", 81, "/x", false]],
  ] as const)("%s", (url, expected) => {
    expect(parseUrl(url)).toEqual(expected);
  });

  it.each([
    ["example.com", /no scheme/],
    ["http://www.example.com/r", /scheme "http"/],
    ["ftp://www.example.com/", /scheme "ftp"/],
    ["ws:/www.example.com/", /expected "\/\/"/],
    ["ws://", /host is missing/],
    ["ws:///r", /host is missing/],
    ["ws://:80/r", /host is missing/],
    ["ws://user@/r", /host is missing/],
    ["ws://example.com:abc/", /port "abc" is not a number/],
    ["ws://example.com:0/", /port 0 is out of range/],
    ["ws://example.com:65536/", /port 65536 is out of range/],
    ["ws://example.com:123456/", /not a number/],
    ["ws://[::1/", /unterminated IPv6/],
    ["ws://[::1]x/", /after the IPv6 literal/],
    ["ws://[example.com]/", /not an IPv6 address/],
    ["ws://exa mple.com/", /character hosts cannot have/],
  ])("rejects %s", (url, message) => {
    let caught: unknown;
    try {
      parseUrl(url);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WebSocketException);
    expect((caught as Error).message).toMatch(message);
  });

  it("rejects a non-string with a typed error", () => {
    expect(() => parseUrl(42 as unknown as string)).toThrow(WebSocketException);
  });
});

describe("parseTarget", () => {
  it("keeps the userinfo, percent-decoded", () => {
    expect(parseTarget("ws://us%40er:p%3Ass@example.com:81/x")).toEqual({
      hostname: "example.com",
      port: 81,
      resource: "/x",
      isSecure: false,
      userinfo: { user: "us@er", password: "p:ss" },
    });
    expect(parseTarget("ws://user@example.com/").userinfo).toEqual({ user: "user", password: "" });
    expect(() => parseTarget("ws://%zz@example.com/")).toThrow(/percent-encoding/);
  });

  it.each([
    ["ws+unix:/tmp/a.sock:/chat?x=1", "/tmp/a.sock", "/chat?x=1", false],
    ["ws+unix:///tmp/a.sock:/chat", "/tmp/a.sock", "/chat", false],
    ["ws+unix:/tmp/a.sock", "/tmp/a.sock", "/", false],
    ["wss+unix:/run/x.sock:/", "/run/x.sock", "/", true],
    ["ws+unix:/tmp/a.sock:chat", "/tmp/a.sock", "/chat", false],
  ])("reads %s as a Unix socket", (url, unixPath, resource, isSecure) => {
    expect(parseTarget(url)).toEqual({
      hostname: "localhost",
      port: isSecure ? 443 : 80,
      resource,
      isSecure,
      unixPath,
    });
  });

  it("rejects an empty Unix socket path", () => {
    expect(() => parseTarget("ws+unix::/chat")).toThrow(/Unix socket path is empty/);
  });
});
