import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { userinfoFromUrl } from "./userinfo.js";

describe("userinfoFromUrl (RFC 3986 §3.2.1 userinfo, percent-decoded)", () => {
  it("returns user and password, decoded", () => {
    expect(userinfoFromUrl("wss://al%20ice:p%40ss%3Aw@h/")).toEqual({
      user: "al ice",
      password: "p@ss:w",
    });
    expect(userinfoFromUrl("ws://bob@h/")).toEqual({ user: "bob", password: "" });
    expect(userinfoFromUrl("ws://h/")).toBeUndefined();
  });
  it("refuses what is not a URL or not valid percent-encoding", () => {
    expect(() => userinfoFromUrl("nope")).toThrow(WebSocketException);
    expect(() => userinfoFromUrl("ws://%E0%A4%A:x@h/")).toThrow(/Invalid percent-encoding/);
  });
});
