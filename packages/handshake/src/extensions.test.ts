import { WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { formatExtensions, parseExtensions } from "./extensions.js";

const plain = (value: string) =>
  parseExtensions(value).map((e) => ({ name: e.name, params: { ...e.params } }));

describe("RFC 6455 §9.1 Sec-WebSocket-Extensions grammar", () => {
  it("parses names, valueless and valued parameters", () => {
    expect(plain("permessage-deflate; client_max_window_bits")).toEqual([
      { name: "permessage-deflate", params: { client_max_window_bits: true } },
    ]);
    expect(
      plain("permessage-deflate; server_no_context_takeover; server_max_window_bits=10, foo"),
    ).toEqual([
      {
        name: "permessage-deflate",
        params: { server_no_context_takeover: true, server_max_window_bits: "10" },
      },
      { name: "foo", params: {} },
    ]);
  });

  it("accepts whitespace around separators and empty list elements", () => {
    expect(plain(' a ;x = 1\t;y , , b;z="2" ,')).toEqual([
      { name: "a", params: { x: "1", y: true } },
      { name: "b", params: { z: "2" } },
    ]);
    expect(plain("")).toEqual([]);
  });

  it("unescapes quoted-string values, which must then be tokens", () => {
    // "the value after quoted-string unescaping MUST conform to the 'token' ABNF"
    expect(plain('x; client_max_window_bits="1\\0"')).toEqual([
      { name: "x", params: { client_max_window_bits: "10" } },
    ]);
    expect(() => parseExtensions('x; a="b c"')).toThrow(/must be a token after unescaping/);
    expect(() => parseExtensions('x; a="b,c"')).toThrow(/must be a token/);
    expect(() => parseExtensions('x; a=""')).toThrow(/empty/);
    expect(() => parseExtensions('x; a="bc')).toThrow(/unterminated/);
    expect(() => parseExtensions('x; a="bc\\')).toThrow(/unterminated/);
  });

  it("parameter names are kept safely, even __proto__", () => {
    const [ext] = parseExtensions("x; __proto__=1; constructor");
    expect(Object.entries(ext!.params)[0]).toEqual(["__proto__", "1"]);
    expect(ext?.params.constructor).toBe(true);
    expect(Object.keys(ext!.params)).toEqual(["__proto__", "constructor"]);
  });

  it.each([
    [";a", /expected an extension name, found ";"/],
    ["a;", /expected a parameter name for extension "a", found the end/],
    ["a; =1", /expected a parameter name/],
    ["a; b=", /expected a value for "b", found the end/],
    ["a; b=1 2", /unexpected "2" after extension "a"/],
    ["a b", /unexpected "b"/],
    ["a; b; b=1", /parameter "b" of extension "a" appears twice/],
    ["a\r\nX: y", /unexpected "\\r"/],
    ["a/b", /unexpected "\/"/],
  ])("refuses %j", (value, message) => {
    expect(() => parseExtensions(value)).toThrow(WebSocketProtocolException);
    expect(() => parseExtensions(value)).toThrow(message);
  });

  it("formatExtensions is the inverse of parseExtensions", () => {
    const text = "permessage-deflate; client_max_window_bits=10; server_no_context_takeover, x";
    expect(formatExtensions(parseExtensions(text))).toBe(text);
  });
});
