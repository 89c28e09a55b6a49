import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import type { RequestOptions } from "./build-request.js";
import { nextRedirect } from "./redirect.js";
import { isRedirect } from "./redirect-status.js";
import type { HandshakeResponse } from "./response.js";

function redirect(status: number, location?: string): HandshakeResponse {
  const headers: Record<string, string> = Object.create(null);
  if (location !== undefined) headers.location = location;
  return {
    status,
    statusMessage: "Moved",
    httpVersion: "1.1",
    headers,
    rawHeaders: location === undefined ? [] : [["Location", location]],
    body: new Uint8Array(0),
    bodyTruncated: false,
    rest: new Uint8Array(0),
  };
}

const secrets: RequestOptions = {
  header: [
    "Authorization: Bearer t",
    "cookie: a=1",
    "Proxy-Authorization: Basic cDpx",
    "X-Keep: 1",
  ],
  cookie: "sid=2",
  host: "vhost.example",
  origin: "https://app.example",
  subprotocols: ["chat"],
};

describe("isRedirect", () => {
  it("is true for 301, 302, 303, 307, 308 only", () => {
    expect([300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 101, 200].filter(isRedirect)).toEqual(
      [301, 302, 303, 307, 308],
    );
  });
});

describe("nextRedirect", () => {
  it("follows an absolute ws/wss Location, keeping options on the same host", () => {
    const next = nextRedirect(
      redirect(301, "ws://h:8080/b?x=1"),
      { url: "ws://h:8080/a", options: secrets },
      0,
    );
    expect(next.url).toBe("ws://h:8080/b?x=1");
    expect(next.options).toEqual(secrets);
    expect(next.options).not.toBe(secrets);
  });

  it.each([
    ["/next", "ws://h/a/b", "ws://h/next"],
    ["next?q", "ws://h/a/b", "ws://h/a/next?q"],
    ["../up", "wss://h:9443/a/b/c", "wss://h:9443/a/up"],
    ["?only=query", "ws://h/a", "ws://h/a?only=query"],
    ["//other:81/p", "wss://h/a", "wss://other:81/p"],
    ["http://h/x", "ws://h/a", "ws://h/x"],
    ["https://h/x", "wss://h/a", "wss://h/x"],
    ["https://h:443/x", "ws://h/a", "wss://h/x"],
    ["WS://H/x#frag", "ws://h/a", "ws://h/x"],
  ])("resolves Location %j against %s → %s", (location, url, expected) => {
    expect(nextRedirect(redirect(302, location), { url, options: {} }, 0).url).toBe(expected);
  });

  it("keeps the URL's userinfo on the same host (relative or absolute Location)", () => {
    const current = { url: "wss://u:p%40ss@h/a", options: {} };
    expect(nextRedirect(redirect(307, "/b"), current, 0).url).toBe("wss://u:p%40ss@h/b");
    expect(nextRedirect(redirect(307, "wss://h/c"), current, 0).url).toBe("wss://u:p%40ss@h/c");
  });

  describe("credentials never cross hosts or go from wss to ws", () => {
    const stripped = {
      header: ["X-Keep: 1"],
      origin: "https://app.example",
      subprotocols: ["chat"],
    };
    it("another host", () => {
      const next = nextRedirect(
        redirect(302, "wss://evil.example/x"),
        { url: "wss://u:p@h/a", options: secrets },
        0,
      );
      expect(next).toEqual({ url: "wss://evil.example/x", options: stripped });
    });
    it("another port on the same host", () => {
      const next = nextRedirect(
        redirect(302, "ws://h:8081/x"),
        { url: "ws://u:p@h:8080/a", options: secrets },
        0,
      );
      expect(next).toEqual({ url: "ws://h:8081/x", options: stripped });
    });
    it("wss to ws on the same host, userinfo included, even for a relative Location", () => {
      const next = nextRedirect(
        redirect(301, "http://h/x"),
        { url: "wss://u:p@h/a", options: secrets },
        0,
      );
      expect(next).toEqual({ url: "ws://h/x", options: stripped });
    });
    it("userinfo the Location itself names for another host is dropped too", () => {
      const next = nextRedirect(
        redirect(301, "ws://x:y@other/"),
        { url: "ws://h/", options: {} },
        0,
      );
      expect(next.url).toBe("ws://other/");
    });
    it("a header record loses Authorization, Proxy-Authorization and Cookie in any case", () => {
      const next = nextRedirect(
        redirect(308, "wss://other/"),
        {
          url: "wss://h/",
          options: {
            header: {
              AUTHORIZATION: "x",
              Cookie: "y",
              "proxy-AUTHORIZATION": "z",
              "X-Keep": "1",
              Origin: null,
            },
          },
        },
        0,
      );
      expect(next.options).toEqual({ header: { "X-Keep": "1", Origin: null } });
    });
    it("a header list loses them with any spacing and case", () => {
      const next = nextRedirect(
        redirect(302, "ws://other/"),
        {
          url: "ws://h/",
          options: { header: ["PROXY-authorization : Basic eA==", " cookie:x", "X-Keep: 1"] },
        },
        0,
      );
      expect(next.options).toEqual({ header: ["X-Keep: 1"] });
    });
    it("the same origin keeps every credential", () => {
      const next = nextRedirect(
        redirect(302, "/elsewhere"),
        { url: "ws://u:p@h/", options: secrets },
        0,
      );
      expect(next).toEqual({ url: "ws://u:p@h/elsewhere", options: secrets });
    });
    it("ws to wss on the same host is another origin too", () => {
      const next = nextRedirect(
        redirect(301, "wss://h/x"),
        { url: "ws://h/a", options: { cookie: "c" } },
        0,
      );
      expect(next).toEqual({ url: "wss://h/x", options: {} });
    });
  });

  describe("the redirect limit (default 3)", () => {
    const current = { url: "ws://h/loop", options: {} };
    it("allows hops 0, 1, 2 and refuses the 4th redirect", () => {
      for (const hop of [0, 1, 2])
        expect(nextRedirect(redirect(302, "/loop"), current, hop).url).toBe("ws://h/loop");
      expect(() => nextRedirect(redirect(302, "/loop"), current, 3)).toThrow(WebSocketException);
      expect(() => nextRedirect(redirect(302, "/loop"), current, 3)).toThrow(
        'Too many redirects: the redirect limit of 3 is exhausted (the last one pointed to "/loop")',
      );
    });
    it("redirectLimit 0 refuses the first redirect", () => {
      expect(() => nextRedirect(redirect(302, "/x"), current, 0, 0)).toThrow(
        /limit of 0 is exhausted/,
      );
    });
  });

  it.each([
    [redirect(302), /Redirect status 302 without a Location header/],
    [redirect(302, ""), /without a Location header/],
    [
      redirect(302, "ftp://h/x"),
      /Redirect Location "ftp:\/\/h\/x" is not a ws:, wss:, http: or https: URL/,
    ],
    [redirect(302, "javascript:alert(1)"), /is not a ws:, wss:, http: or https: URL/],
    [redirect(302, "http://[::1/"), /Invalid redirect Location "http:\/\/\[::1\/"/],
    [redirect(200, "/x"), /Status 200 is not a redirect/],
  ])("refuses %#", (response, message) => {
    expect(() => nextRedirect(response, { url: "ws://h/", options: {} }, 0)).toThrow(message);
  });

  it("refuses an invalid current URL with a typed error", () => {
    expect(() => nextRedirect(redirect(302, "/x"), { url: "not a url", options: {} }, 0)).toThrow(
      /Invalid current URL "not a url"/,
    );
  });
});
