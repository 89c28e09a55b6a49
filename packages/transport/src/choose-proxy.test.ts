import { WebSocketProxyException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { chooseProxy, describeProxy, envProxy, parseProxyUrl } from "./choose-proxy.js";

const ws = { hostname: "echo.example.com", port: 80, isSecure: false };
const wss = { hostname: "echo.example.com", port: 443, isSecure: true };

describe("explicit proxy options", () => {
  it("win over the environment", () => {
    const env = { http_proxy: "http://env-proxy:1111" };
    expect(chooseProxy(ws, { httpProxyHost: "opt-proxy", httpProxyPort: 3128 }, env)).toEqual({
      type: "http",
      host: "opt-proxy",
      port: 3128,
    });
  });

  it("carry proxyType and auth", () => {
    expect(
      chooseProxy(
        wss,
        {
          httpProxyHost: "[::1]",
          httpProxyPort: 1080,
          proxyType: "socks5h",
          httpProxyAuth: ["u", "p"],
        },
        {},
      ),
    ).toEqual({ type: "socks5h", host: "::1", port: 1080, auth: ["u", "p"] });
  });

  it("need a port (Python: Cannot use port 0)", () => {
    expect(() => chooseProxy(ws, { httpProxyHost: "p" }, {})).toThrow(WebSocketProxyException);
    expect(() => chooseProxy(ws, { httpProxyHost: "p" }, {})).toThrow(/port 0/);
    expect(() => chooseProxy(ws, { httpProxyHost: "p", httpProxyPort: 70000 }, {})).toThrow(
      /not an integer in 1-65535/,
    );
  });

  it("take a numeric string port, and check the auth shape", () => {
    expect(
      chooseProxy(ws, { httpProxyHost: "p", httpProxyPort: "3128" as unknown as number }, {}),
    ).toEqual({ type: "http", host: "p", port: 3128 });
    expect(() =>
      chooseProxy(ws, { httpProxyHost: "p", httpProxyPort: 1, httpProxyAuth: ["u"] as never }, {}),
    ).toThrow(/httpProxyAuth must be \[user, password\]/);
    expect(() => chooseProxy(ws, { httpProxyHost: "p", httpProxyPort: 1.5 }, {})).toThrow(
      /not an integer/,
    );
  });

  it("reject an unknown proxyType", () => {
    expect(() =>
      chooseProxy(ws, { httpProxyHost: "p", httpProxyPort: 1, proxyType: "socks6" as "http" }, {}),
    ).toThrow(/socks6.*not one of/);
  });

  it("respect no_proxy, SOCKS included", () => {
    const opts = { httpProxyHost: "p", httpProxyPort: 1080, proxyType: "socks5" as const };
    expect(chooseProxy(ws, { ...opts, httpNoProxy: ["example.com"] }, {})).toBeNull();
    expect(chooseProxy(ws, opts, { no_proxy: ".example.com" })).toBeNull();
    expect(chooseProxy(ws, opts, { no_proxy: "other.com" })).not.toBeNull();
  });

  it("ignore proxyType without a host, as Python does", () => {
    expect(chooseProxy(ws, { proxyType: "socks5" }, {})).toBeNull();
  });
});

describe("environment proxies", () => {
  it("use http_proxy for ws and https_proxy for wss", () => {
    const env = { http_proxy: "http://hp:1", https_proxy: "http://hsp:2" };
    expect(chooseProxy(ws, {}, env)).toEqual({ type: "http", host: "hp", port: 1 });
    expect(chooseProxy(wss, {}, env)).toEqual({ type: "http", host: "hsp", port: 2 });
  });

  it("never use http_proxy for wss", () => {
    expect(chooseProxy(wss, {}, { http_proxy: "http://hp:1" })).toBeNull();
  });

  it("prefer lowercase over uppercase", () => {
    const env = { http_proxy: "http://lower:1", HTTP_PROXY: "http://upper:2" };
    expect(chooseProxy(ws, {}, env)?.host).toBe("lower");
    expect(chooseProxy(ws, {}, { HTTP_PROXY: "http://upper:2" })?.host).toBe("upper");
    expect(chooseProxy(wss, {}, { HTTPS_PROXY: "http://upper:3" })?.port).toBe(3);
  });

  it("fall back to all_proxy", () => {
    expect(chooseProxy(wss, {}, { all_proxy: "socks5h://s:9050" })).toEqual({
      type: "socks5h",
      host: "s",
      port: 9050,
    });
    expect(chooseProxy(ws, {}, { ALL_PROXY: "socks4a://s" })?.port).toBe(1080);
    expect(chooseProxy(ws, {}, { http_proxy: " ", all_proxy: "http://a:1" })?.host).toBe("a");
  });

  it("honour the scheme and percent-decode the credentials", () => {
    expect(chooseProxy(ws, {}, { http_proxy: "socks5://u%40x:p%3Aw@127.0.0.1:1080" })).toEqual({
      type: "socks5",
      host: "127.0.0.1",
      port: 1080,
      auth: ["u@x", "p:w"],
    });
    expect(chooseProxy(wss, {}, { https_proxy: "https://proxy.corp" })).toEqual({
      type: "https",
      host: "proxy.corp",
      port: 443,
    });
  });

  it("respect no_proxy", () => {
    expect(chooseProxy(ws, {}, { http_proxy: "http://p:1", no_proxy: "example.com" })).toBeNull();
    expect(chooseProxy(ws, { httpNoProxy: ["*"] }, { http_proxy: "http://p:1" })).toBeNull();
  });

  it("say which variable is wrong", () => {
    expect(() => chooseProxy(ws, {}, { http_proxy: "gopher://p:1" })).toThrow(
      /http_proxy "gopher:\/\/p:1": scheme "gopher"/,
    );
  });
});

describe("ws_proxy / wss_proxy (as python-websockets reads them)", () => {
  it("take precedence over http_proxy / https_proxy / all_proxy", () => {
    const env = {
      ws_proxy: "http://wsp:1",
      wss_proxy: "socks5h://wssp:2",
      http_proxy: "http://hp:3",
      https_proxy: "http://hsp:4",
      all_proxy: "http://ap:5",
    };
    expect(chooseProxy(ws, {}, env)).toEqual({ type: "http", host: "wsp", port: 1 });
    expect(chooseProxy(wss, {}, env)).toEqual({ type: "socks5h", host: "wssp", port: 2 });
  });

  it("in upper case too, and over a lower-case http_proxy", () => {
    const env = { WS_PROXY: "http://upper-ws:1", http_proxy: "http://hp:3" };
    expect(chooseProxy(ws, {}, env)?.host).toBe("upper-ws");
    expect(chooseProxy(wss, {}, { WSS_PROXY: "http://upper-wss:2" })?.host).toBe("upper-wss");
    expect(envProxy(ws, { ws_proxy: "http://l:1", WS_PROXY: "http://u:1" })).toEqual([
      "ws_proxy",
      "http://l:1",
    ]);
  });

  it("keep to their scheme: ws_proxy is not used for wss, nor wss_proxy for ws", () => {
    expect(chooseProxy(wss, {}, { ws_proxy: "http://wsp:1" })).toBeNull();
    expect(chooseProxy(ws, {}, { wss_proxy: "http://wssp:1" })).toBeNull();
    expect(chooseProxy(ws, {}, { ws_proxy: "", http_proxy: "http://hp:3" })?.host).toBe("hp");
  });

  it("still respect no_proxy", () => {
    expect(chooseProxy(ws, {}, { ws_proxy: "http://p:1", no_proxy: "example.com" })).toBeNull();
    expect(chooseProxy(wss, {}, { WSS_PROXY: "http://p:1", NO_PROXY: "*" })).toBeNull();
  });

  it("describeProxy says which proxy and where it came from, without credentials", () => {
    expect(describeProxy(ws, {}, { ws_proxy: "http://u:secret@127.0.0.1:3128" })).toBe(
      "http://127.0.0.1:3128 (from ws_proxy)",
    );
    expect(describeProxy(wss, {}, { HTTPS_PROXY: "socks5://[::1]:1080" })).toBe(
      "socks5://[::1]:1080 (from HTTPS_PROXY)",
    );
    expect(describeProxy(ws, { httpProxyHost: "p", httpProxyPort: 8 }, {})).toBe(
      "http://p:8 (from httpProxyHost)",
    );
    expect(describeProxy(ws, {}, { ws_proxy: "http://p:1", no_proxy: "*" })).toBe(
      "direct (no proxy)",
    );
  });
});

describe("parseProxyUrl", () => {
  it.each([
    ["http://p:3128", { type: "http", host: "p", port: 3128 }],
    ["p:3128", { type: "http", host: "p", port: 3128 }],
    ["http://p", { type: "http", host: "p", port: 80 }],
    ["HTTP://P:1/", { type: "http", host: "p", port: 1 }],
    ["http://[::1]:8080", { type: "http", host: "::1", port: 8080 }],
    ["socks4://p", { type: "socks4", host: "p", port: 1080 }],
    ["http://user@p:1", { type: "http", host: "p", port: 1, auth: ["user", ""] }],
    ["http://us%20er:pa ss@p:1", { type: "http", host: "p", port: 1, auth: ["us er", "pass"] }],
  ])("%s", (url, expected) => {
    expect(parseProxyUrl(url)).toEqual(expected);
  });

  it.each([
    ["http://", /host is missing/],
    ["http://p:x", /not a number/],
    ["http://p:0", /not an integer in 1-65535/],
    ["http://[::1", /unterminated/],
    ["http://%zz@p:1", /percent-encoding/],
  ])("rejects %s", (url, message) => {
    expect(() => parseProxyUrl(url)).toThrow(WebSocketProxyException);
    expect(() => parseProxyUrl(url)).toThrow(message);
  });
});
