import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { buildRequest, type RequestTarget } from "./build-request.js";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const target: RequestTarget = {
  hostname: "example.com",
  port: 80,
  resource: "/chat",
  isSecure: false,
};

/** The request as lines, without the final blank line. */
function lines(t: RequestTarget, options = {}): string[] {
  const req = buildRequest(t, { key: KEY, ...options });
  expect(req.text.endsWith("\r\n\r\n")).toBe(true);
  return req.text.slice(0, -4).split("\r\n");
}

describe("RFC 6455 §4.1 the client's opening handshake", () => {
  it("is byte-exact, in Python websocket-client's header order", () => {
    const req = buildRequest(target, { key: KEY });
    const expected =
      "GET /chat HTTP/1.1\r\n" +
      "Upgrade: websocket\r\n" +
      "Host: example.com\r\n" +
      "Origin: http://example.com\r\n" +
      `Sec-WebSocket-Key: ${KEY}\r\n` +
      "Sec-WebSocket-Version: 13\r\n" +
      "Connection: Upgrade\r\n" +
      "\r\n";
    expect(req.text).toBe(expected);
    expect(req.bytes).toEqual(new TextEncoder().encode(expected));
    expect(req.key).toBe(KEY);
    expect(req.subprotocols).toEqual([]);
    expect(req.extensions).toBeUndefined();
    expect(req.headers[0]).toEqual(["Upgrade", "websocket"]);
  });

  it("adds subprotocols (comma, no space), extensions, auth, custom headers, then Cookie", () => {
    const req = buildRequest(
      { ...target, userinfo: { user: "Aladdin", password: "open sesame" } },
      {
        key: KEY,
        subprotocols: ["chat", "superchat"],
        extensions: "permessage-deflate; client_max_window_bits",
        header: ["X-One: 1", "X-Two:2"],
        cookie: "a=1; b=2",
      },
    );
    expect(req.text).toBe(
      "GET /chat HTTP/1.1\r\n" +
        "Upgrade: websocket\r\n" +
        "Host: example.com\r\n" +
        "Origin: http://example.com\r\n" +
        `Sec-WebSocket-Key: ${KEY}\r\n` +
        "Sec-WebSocket-Version: 13\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Protocol: chat,superchat\r\n" +
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" +
        // RFC 7617 §2's own example
        "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n" +
        "X-One: 1\r\n" +
        "X-Two: 2\r\n" +
        "Cookie: a=1; b=2\r\n" +
        "\r\n",
    );
    expect(req.subprotocols).toEqual(["chat", "superchat"]);
    expect(req.extensions).toBe("permessage-deflate; client_max_window_bits");
  });

  it("uses a fresh CSPRNG key when none is given", () => {
    const a = buildRequest(target);
    const b = buildRequest(target);
    expect(a.key).not.toBe(b.key);
    expect(Buffer.from(a.key, "base64")).toHaveLength(16);
    expect(a.text).toContain(`Sec-WebSocket-Key: ${a.key}\r\n`);
  });

  it("sends an empty resource as /", () => {
    expect(lines({ ...target, resource: "" })[0]).toBe("GET / HTTP/1.1");
    expect(lines({ ...target, resource: "/a/b?c=d&e" })[0]).toBe("GET /a/b?c=d&e HTTP/1.1");
  });

  it("percent-encodes non-ASCII characters of the resource as UTF-8", () => {
    expect(lines({ ...target, resource: "/caf\u00e9?q=\u20ac" })[0]).toBe(
      "GET /caf%C3%A9?q=%E2%82%AC HTTP/1.1",
    );
  });
});

describe("RFC 6455 §4.1 Host and Origin", () => {
  it.each([
    [{ hostname: "h", port: 80, isSecure: false }, "h", "http://h"],
    [{ hostname: "h", port: 443, isSecure: true }, "h", "https://h"],
    // Python drops 80 and 443 whatever the scheme; we keep a non-default port.
    [{ hostname: "h", port: 443, isSecure: false }, "h:443", "http://h:443"],
    [{ hostname: "h", port: 80, isSecure: true }, "h:80", "https://h:80"],
    [{ hostname: "h", port: 9000, isSecure: false }, "h:9000", "http://h:9000"],
    [{ hostname: "::1", port: 9000, isSecure: false }, "[::1]:9000", "http://[::1]:9000"],
    [{ hostname: "[::1]", port: 443, isSecure: true }, "[::1]", "https://[::1]"],
    [{ hostname: "EXAMPLE.com", port: 80, isSecure: false }, "example.com", "http://example.com"],
  ])("%j → Host %s, Origin %s", (t, host, origin) => {
    const l = lines({ ...t, resource: "/" });
    expect(l[2]).toBe(`Host: ${host}`);
    expect(l[3]).toBe(`Origin: ${origin}`);
  });

  it("host and origin options override; suppressOrigin drops Origin", () => {
    const l = lines(target, { host: "proxy.example:81", origin: "https://app.example" });
    expect(l[2]).toBe("Host: proxy.example:81");
    expect(l[3]).toBe("Origin: https://app.example");
    expect(lines(target, { suppressOrigin: true }).some((x) => x.startsWith("Origin"))).toBe(false);
    expect(lines(target, { origin: null })[3]).toBe("Origin: http://example.com");
    // As in Python, an empty host option means the default.
    expect(lines(target, { host: "" })[2]).toBe("Host: example.com");
  });
});

describe("the header option", () => {
  it("a record's entry replaces the default header of that name in place", () => {
    const l = lines(target, {
      header: { host: "other", "Sec-WebSocket-Version": "8", "X-A": "b" },
    });
    expect(l).toEqual([
      "GET /chat HTTP/1.1",
      "Upgrade: websocket",
      "Host: other",
      "Origin: http://example.com",
      `Sec-WebSocket-Key: ${KEY}`,
      "Sec-WebSocket-Version: 8",
      "Connection: Upgrade",
      "X-A: b",
    ]);
  });

  it("a null value drops a default header; undefined is ignored", () => {
    const l = lines(target, {
      header: { Origin: null, "Sec-WebSocket-Version": undefined, X: null },
    });
    expect(l).toEqual([
      "GET /chat HTTP/1.1",
      "Upgrade: websocket",
      "Host: example.com",
      `Sec-WebSocket-Key: ${KEY}`,
      "Sec-WebSocket-Version: 13",
      "Connection: Upgrade",
    ]);
  });

  it("a custom Sec-WebSocket-Key is the key used (Python: dict key only; here both forms)", () => {
    const other = "AAAAAAAAAAAAAAAAAAAAAA==";
    expect(buildRequest(target, { header: { "Sec-WebSocket-Key": other } }).key).toBe(other);
    expect(buildRequest(target, { header: [`sec-websocket-key: ${other}`] }).key).toBe(other);
  });

  it("custom Sec-WebSocket-Protocol and -Extensions become what is offered", () => {
    const req = buildRequest(target, {
      key: KEY,
      subprotocols: ["a"],
      header: ["Sec-WebSocket-Protocol: b, c", "Sec-WebSocket-Extensions: x; y=1"],
    });
    expect(req.subprotocols).toEqual(["b", "c"]);
    expect(req.extensions).toBe("x; y=1");
    expect(req.text).toContain("\r\nSec-WebSocket-Protocol: b, c\r\n");
  });

  it("list lines keep their order and duplicates of non-default names", () => {
    const l = lines(target, { header: ["X-A: 1", "X-A: 2", "Y:   spaced  "] });
    expect(l.slice(-3)).toEqual(["X-A: 1", "X-A: 2", "Y: spaced"]);
  });

  it("Cookie headers merge with the cookie option into one Cookie line, last", () => {
    const l = lines(target, { header: ["Cookie: a=1", "X: y"], cookie: "b=2" });
    expect(l.slice(-2)).toEqual(["X: y", "Cookie: a=1; b=2"]);
    expect(lines(target, { header: { Cookie: null }, cookie: "b=2" }).at(-1)).toBe("Cookie: b=2");
    expect(lines(target, { cookie: "" }).some((x) => x.startsWith("Cookie"))).toBe(false);
  });

  it("connection takes a value or, as in Python, a whole line", () => {
    expect(lines(target, { connection: "keep-alive, Upgrade" })[6]).toBe(
      "Connection: keep-alive, Upgrade",
    );
    expect(lines(target, { connection: "Connection: keep-alive, Upgrade" })[6]).toBe(
      "Connection: keep-alive, Upgrade",
    );
  });
});

describe("Basic auth from the URL's userinfo (RFC 7617 §2)", () => {
  it("encodes user:password as UTF-8 base64", () => {
    const l = lines({ ...target, userinfo: { user: "j\u00f6", password: "p:w" } });
    expect(l).toContain(`Authorization: Basic ${Buffer.from("j\u00f6:p:w").toString("base64")}`);
  });
  it("sends nothing for empty userinfo; a custom Authorization header replaces it", () => {
    expect(lines({ ...target, userinfo: { user: "", password: "" } }).join()).not.toContain(
      "Authorization",
    );
    const l = lines(
      { ...target, userinfo: { user: "u", password: "p" } },
      { header: { Authorization: "Bearer t" } },
    );
    expect(l.filter((x) => x.startsWith("Authorization"))).toEqual(["Authorization: Bearer t"]);
  });
  it("refuses a user name with a colon", () => {
    expect(() => buildRequest({ ...target, userinfo: { user: "a:b", password: "" } })).toThrow(
      /user name may not contain a colon/,
    );
  });
});

describe("header injection and malformed input", () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      "CRLF in a record value",
      () => buildRequest(target, { header: { X: "a\r\nEvil: 1" } }),
      /Invalid value for header "X": CR \(\\r\) at position 1 is not allowed in a header value \(header injection\)/,
    ],
    [
      "LF in a list value",
      () => buildRequest(target, { header: ["X: a\nEvil: 1"] }),
      /header "X": LF \(\\n\) at position 1/,
    ],
    ["NUL in a value", () => buildRequest(target, { header: ["X: a\u0000"] }), /NUL/],
    ["DEL in a value", () => buildRequest(target, { header: ["X: a\u007f"] }), /U\+007F/],
    [
      "CRLF in a header name",
      () => buildRequest(target, { header: { "X\r\nEvil": "1" } }),
      /Invalid header name "X\\r\\nEvil": a header name must be a token/,
    ],
    [
      "space in a header name",
      () => buildRequest(target, { header: ["X Y: 1"] }),
      /Invalid header name "X Y"/,
    ],
    [
      "empty header name",
      () => buildRequest(target, { header: [": 1"] }),
      /Invalid header name ""/,
    ],
    [
      "a list line without a colon",
      () => buildRequest(target, { header: ["nocolon"] }),
      /expected "Name: value"/,
    ],
    [
      "a non-string list entry",
      () => buildRequest(target, { header: [1 as unknown as string] }),
      /expected a "Name: value" string/,
    ],
    [
      "a non-string record value",
      () => buildRequest(target, { header: { X: 1 as unknown as string } }),
      /expected a string or null/,
    ],
    [
      "CRLF in cookie",
      () => buildRequest(target, { cookie: "a=1\r\nEvil: 1" }),
      /header "Cookie": CR/,
    ],
    [
      "CRLF in origin",
      () => buildRequest(target, { origin: "http://a\r\nEvil: 1" }),
      /header "Origin": CR/,
    ],
    ["CRLF in host", () => buildRequest(target, { host: "a\r\nEvil: 1" }), /header "Host": CR/],
    [
      "CRLF in connection",
      () => buildRequest(target, { connection: "Upgrade\r\nEvil: 1" }),
      /header "Connection": CR/,
    ],
    [
      "CRLF in a subprotocol",
      () => buildRequest(target, { subprotocols: ["a\r\nEvil: 1"] }),
      /Invalid subprotocol "a\\r\\nEvil: 1": it must be a non-empty token/,
    ],
    [
      "comma in a subprotocol",
      () => buildRequest(target, { subprotocols: ["a,b"] }),
      /Invalid subprotocol "a,b"/,
    ],
    [
      "empty subprotocol",
      () => buildRequest(target, { subprotocols: [""] }),
      /Invalid subprotocol ""/,
    ],
    [
      "duplicate subprotocol",
      () => buildRequest(target, { subprotocols: ["a", "a"] }),
      /Subprotocol "a" is offered twice/,
    ],
    [
      "subprotocols not an array",
      () => buildRequest(target, { subprotocols: "ab" as unknown as string[] }),
      /expected an array/,
    ],
    [
      "CRLF in extensions",
      () => buildRequest(target, { extensions: "x\r\nEvil: 1" }),
      /header "Sec-WebSocket-Extensions": CR/,
    ],
    [
      "bad extensions grammar",
      () => buildRequest(target, { extensions: "x; =1" }),
      /Invalid extensions offer/,
    ],
    [
      "CRLF in the key",
      () => buildRequest(target, { key: "a\r\nEvil: 1" }),
      /header "Sec-WebSocket-Key": CR/,
    ],
    [
      "a key that is not 16 bytes",
      () => buildRequest(target, { key: "abc" }),
      /Invalid Sec-WebSocket-Key "abc": it must be 16 bytes/,
    ],
    [
      "a dropped key",
      () => buildRequest(target, { header: { "Sec-WebSocket-Key": null } }),
      /Invalid Sec-WebSocket-Key null/,
    ],
    [
      "CRLF in the resource",
      () => buildRequest({ ...target, resource: "/a\r\nEvil: 1" }),
      /Invalid resource "\/a\\r\\nEvil: 1": CR \(\\r\) at position 2 is not allowed in a request target/,
    ],
    [
      "space in the resource",
      () => buildRequest({ ...target, resource: "/a b" }),
      /U\+0020 at position 2/,
    ],
    [
      "a resource without /",
      () => buildRequest({ ...target, resource: "a" }),
      /must start with "\/"/,
    ],
    [
      "a lone surrogate in the resource",
      () => buildRequest({ ...target, resource: "/\ud800" }),
      /lone UTF-16 surrogate/,
    ],
    [
      "CRLF in the hostname",
      () => buildRequest({ ...target, hostname: "a\r\nEvil: 1" }),
      /Invalid hostname/,
    ],
    ["an empty hostname", () => buildRequest({ ...target, hostname: "" }), /Invalid hostname ""/],
    ["port 0", () => buildRequest({ ...target, port: 0 }), /Invalid port 0/],
    ["port 65536", () => buildRequest({ ...target, port: 65536 }), /Invalid port 65536/],
    [
      "no target",
      () => buildRequest(undefined as unknown as RequestTarget),
      /Invalid request target/,
    ],
    ["null options", () => buildRequest(target, null as unknown as {}), /Invalid request options/],
    [
      "a non-string password",
      () => buildRequest({ ...target, userinfo: { user: "u", password: 1 as unknown as string } }),
      /user and password must be strings/,
    ],
    [
      "a header option that is a string",
      () => buildRequest(target, { header: "X: 1" as unknown as string[] }),
      /Invalid header option/,
    ],
    [
      "a non-string origin",
      () => buildRequest(target, { origin: 5 as unknown as string }),
      /Invalid value for header "Origin": expected a string/,
    ],
  ];
  it.each(cases)("refuses %s", (_name, build, message) => {
    expect(build).toThrow(WebSocketException);
    expect(build).toThrow(message);
  });

  it("allows HTAB and non-ASCII in values (sent as UTF-8)", () => {
    const req = buildRequest(target, { key: KEY, header: ["X: a\tb", "Y: caf\u00e9"] });
    expect(req.text).toContain("X: a\tb\r\nY: caf\u00e9\r\n");
    expect(Buffer.from(req.bytes).includes(Buffer.from("Y: caf\xc3\xa9\r\n", "latin1"))).toBe(true);
  });
});
