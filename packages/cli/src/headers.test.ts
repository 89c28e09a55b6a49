import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { checkHeaderLine, redactHeaderLine, redactUrl, splitHeadersOption } from "./headers.js";

describe("--headers", () => {
  it("splits on commas and trims, as Python's wsdump", () => {
    expect(splitHeadersOption("A: 1, B:2 ,, C: 3")).toEqual(["A: 1", "B:2", "C: 3"]);
  });

  it("rejects a header without a name or colon", () => {
    expect(() => checkHeaderLine("nocolon")).toThrow(WebSocketException);
    expect(() => checkHeaderLine(": v")).toThrow(/expected "Name: value"/);
    expect(checkHeaderLine("  X-A: b ")).toBe("X-A: b");
  });
});

describe("redaction for -v", () => {
  it("hides credentials but keeps the scheme", () => {
    expect(redactHeaderLine("Authorization: Basic dXNlcjpwYXNz")).toBe(
      "Authorization: Basic <redacted>",
    );
    expect(redactHeaderLine("proxy-authorization: Bearer abc")).toBe(
      "proxy-authorization: Bearer <redacted>",
    );
    expect(redactHeaderLine("Cookie: sid=1")).toBe("Cookie: <redacted>");
    expect(redactHeaderLine("Host: example.com")).toBe("Host: example.com");
  });

  it("hides the password in a URL", () => {
    expect(redactUrl("ws://user:secret@h:1/x")).toBe("ws://user:<redacted>@h:1/x");
    expect(redactUrl("ws://h:1/x")).toBe("ws://h:1/x");
  });
});
