import { describe, expect, it } from "vitest";
import { isNoProxyHost } from "./no-proxy.js";

const env = {};

describe("no_proxy matching", () => {
  it("matches everything with *", () => {
    expect(isNoProxyHost("anything.example", ["*"], { env })).toBe(true);
    expect(isNoProxyHost("10.1.2.3", "foo.com, *", { env })).toBe(true);
  });

  it("matches the exact host, case-insensitively", () => {
    expect(isNoProxyHost("example.com", ["example.com"], { env })).toBe(true);
    expect(isNoProxyHost("Example.COM", ["example.com"], { env })).toBe(true);
    expect(isNoProxyHost("example.com", ["EXAMPLE.com"], { env })).toBe(true);
    expect(isNoProxyHost("example.org", ["example.com"], { env })).toBe(false);
  });

  it("matches subdomains on a label boundary, with or without a leading dot", () => {
    for (const entry of ["example.com", ".example.com", "*.example.com", "..example.com"]) {
      expect(isNoProxyHost("a.b.example.com", [entry], { env })).toBe(true);
      expect(isNoProxyHost("Sub.Example.com", [entry], { env })).toBe(true);
      expect(isNoProxyHost("example.com", [entry], { env })).toBe(true);
      expect(isNoProxyHost("badexample.com", [entry], { env })).toBe(false);
      expect(isNoProxyHost("example.com.evil.net", [entry], { env })).toBe(false);
    }
  });

  it("ignores trailing dots and surrounding spaces", () => {
    expect(isNoProxyHost("example.com.", [" example.com "], { env })).toBe(true);
    expect(isNoProxyHost("a.example.com", "foo.org, .example.com.", { env })).toBe(true);
  });

  it("matches IPv4 addresses and CIDR blocks", () => {
    expect(isNoProxyHost("127.0.0.1", ["127.0.0.1"], { env })).toBe(true);
    expect(isNoProxyHost("127.0.0.2", ["127.0.0.1"], { env })).toBe(false);
    expect(isNoProxyHost("192.168.1.77", ["192.168.1.0/24"], { env })).toBe(true);
    expect(isNoProxyHost("192.168.2.1", ["192.168.1.0/24"], { env })).toBe(false);
    expect(isNoProxyHost("10.9.8.7", ["10.0.0.0/8"], { env })).toBe(true);
    // host bits set: taken as the network (Python's strict parse never matches)
    expect(isNoProxyHost("192.168.1.5", ["192.168.1.1/24"], { env })).toBe(true);
    expect(isNoProxyHost("1.2.3.4", ["0.0.0.0/0"], { env })).toBe(true);
    expect(isNoProxyHost("1.2.3.4", ["1.2.3.4/33"], { env })).toBe(false);
  });

  it("matches IPv6 addresses and CIDR blocks, with or without brackets", () => {
    expect(isNoProxyHost("::1", ["::1"], { env })).toBe(true);
    expect(isNoProxyHost("[::1]", ["[::1]"], { env })).toBe(true);
    expect(isNoProxyHost("2001:db8::42", ["2001:db8::/32"], { env })).toBe(true);
    expect(isNoProxyHost("2001:db9::42", ["2001:db8::/32"], { env })).toBe(false);
    expect(isNoProxyHost("fe80::1", ["[fe80::]/10"], { env })).toBe(true);
    // families never cross
    expect(isNoProxyHost("::1", ["127.0.0.0/8"], { env })).toBe(false);
    expect(isNoProxyHost("127.0.0.1", ["::/0"], { env })).toBe(false);
  });

  it("never applies domain rules to IP hosts", () => {
    expect(isNoProxyHost("10.0.0.1", ["0.0.1"], { env })).toBe(false);
  });

  it("matches host:port entries only on that port", () => {
    expect(isNoProxyHost("example.com", ["example.com:8080"], { env, port: 8080 })).toBe(true);
    expect(isNoProxyHost("a.example.com", [".example.com:8080"], { env, port: 8080 })).toBe(true);
    expect(isNoProxyHost("example.com", ["example.com:8080"], { env, port: 80 })).toBe(false);
    expect(isNoProxyHost("example.com", ["example.com:8080"], { env })).toBe(false);
    expect(isNoProxyHost("::1", ["[::1]:443"], { env, port: 443 })).toBe(true);
    expect(isNoProxyHost("::1", ["[::1]:443"], { env, port: 80 })).toBe(false);
    expect(isNoProxyHost("10.0.0.1", ["10.0.0.1:22"], { env, port: 22 })).toBe(true);
    expect(isNoProxyHost("example.com", ["example.com:http"], { env, port: 80 })).toBe(false);
  });

  it("reads no_proxy, then NO_PROXY, when the list is empty", () => {
    expect(isNoProxyHost("a.example.com", [], { env: { no_proxy: "example.com" } })).toBe(true);
    expect(isNoProxyHost("a.example.com", null, { env: { NO_PROXY: "example.com" } })).toBe(true);
    expect(isNoProxyHost("a.example.com", undefined, { env: { NO_PROXY: "x.org" } })).toBe(false);
    // lowercase wins, even when empty (as Python observes)
    expect(
      isNoProxyHost("a.example.com", [], { env: { no_proxy: "", NO_PROXY: "example.com" } }),
    ).toBe(false);
    // an explicit list replaces the environment
    expect(isNoProxyHost("a.example.com", ["x.org"], { env: { no_proxy: "example.com" } })).toBe(
      false,
    );
  });

  it("has no localhost default (as Python 1.9)", () => {
    expect(isNoProxyHost("localhost", [], { env })).toBe(false);
    expect(isNoProxyHost("127.0.0.1", [], { env })).toBe(false);
  });

  it("skips entries it cannot read", () => {
    expect(isNoProxyHost("example.com", [".", "", "*.", ":80"], { env, port: 80 })).toBe(false);
  });
});
