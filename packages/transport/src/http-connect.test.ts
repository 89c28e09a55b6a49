import { WebSocketProxyException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { basicAuth, buildConnectRequest, parseConnectStatus } from "./http-connect.js";

describe("RFC 9110 §9.3.6 CONNECT request", () => {
  it("names host:port in the request line and Host", () => {
    expect(buildConnectRequest("echo.example.com", 443)).toBe(
      "CONNECT echo.example.com:443 HTTP/1.1\r\nHost: echo.example.com:443\r\n\r\n",
    );
  });

  it("brackets IPv6 literals", () => {
    expect(buildConnectRequest("::1", 8080)).toBe(
      "CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
    );
  });

  it("adds Basic Proxy-Authorization (Python's vectors)", () => {
    expect(buildConnectRequest("h", 80, ["user", "p@ss:w"])).toContain(
      "Proxy-Authorization: Basic dXNlcjpwQHNzOnc=\r\n",
    );
    expect(basicAuth("u@x", "pw")).toBe("Basic dUB4OnB3");
    // RFC 7617 always has the colon (Python omits it for an empty password)
    expect(basicAuth("user", "")).toBe("Basic dXNlcjo=");
    expect(basicAuth("jöse", "pässword")).toBe(
      `Basic ${Buffer.from("jöse:pässword").toString("base64")}`,
    );
  });

  it("refuses header injection", () => {
    expect(() => buildConnectRequest("h", 80, ["u\r\nX: y", "p"])).toThrow(WebSocketProxyException);
    expect(() => buildConnectRequest("h\r\nX: y", 80)).toThrow(WebSocketProxyException);
  });
});

describe("CONNECT response status line", () => {
  it("reads HTTP/1.0 and HTTP/1.1 status lines", () => {
    expect(parseConnectStatus("HTTP/1.1 200 Connection established\r\nX: y", "p")).toEqual({
      statusCode: 200,
      statusMessage: "Connection established",
    });
    expect(parseConnectStatus("HTTP/1.0 407", "p")).toEqual({ statusCode: 407, statusMessage: "" });
  });

  it("rejects anything else", () => {
    expect(() => parseConnectStatus("SSH-2.0-OpenSSH", "p:1")).toThrow(/malformed status line/);
    expect(() => parseConnectStatus("HTTP/2 200", "p:1")).toThrow(WebSocketProxyException);
  });
});
