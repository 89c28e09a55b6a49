import { WebSocketProxyException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { envWithoutProxy, proxyFromUrl } from "./proxy-url.js";

describe("--proxy URL", () => {
  it("keeps scheme, credentials (percent-decoded) and port", () => {
    expect(proxyFromUrl("socks5h://us%40r:p%3Ass@127.0.0.1:1081")).toEqual({
      httpProxyHost: "127.0.0.1",
      httpProxyPort: 1081,
      proxyType: "socks5h",
      httpProxyAuth: ["us@r", "p:ss"],
    });
  });

  it.each([
    ["http://p", "http", 80],
    ["https://p", "https", 443],
    ["socks4://p", "socks4", 1080],
    ["socks4a://p", "socks4a", 1080],
    ["socks5://p", "socks5", 1080],
    ["p:3128", "http", 3128],
  ])("%s → %s port %i", (url, type, port) => {
    const o = proxyFromUrl(url);
    expect(o.proxyType).toBe(type);
    expect(o.httpProxyPort).toBe(port);
    expect(o.httpProxyAuth).toBeUndefined();
  });

  it("brackets-free IPv6 host", () => {
    expect(proxyFromUrl("http://[::1]:8080").httpProxyHost).toBe("::1");
  });

  it("rejects unknown schemes, hosts and ports with a typed error naming --proxy", () => {
    expect(() => proxyFromUrl("ftp://p:21")).toThrow(WebSocketProxyException);
    expect(() => proxyFromUrl("ftp://p:21")).toThrow(
      '--proxy "ftp://p:21": scheme "ftp" is not one of http, https, socks4, socks4a, socks5, socks5h',
    );
    expect(() => proxyFromUrl("http://")).toThrow(/^--proxy "http:\/\/": .*host/);
    expect(() => proxyFromUrl("http://p:99999")).toThrow(/^--proxy "http:\/\/p:99999": port/);
  });

  it("--no-proxy drops every proxy variable, whatever its case", () => {
    expect(
      envWithoutProxy({
        HTTP_PROXY: "x",
        https_proxy: "y",
        ALL_PROXY: "z",
        no_proxy: "a",
        PATH: "/bin",
      }),
    ).toEqual({ PATH: "/bin" });
  });
});
