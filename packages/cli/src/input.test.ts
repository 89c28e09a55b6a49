import { WebSocketException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { decodeBase64, decodeHex, encodeLine } from "./input.js";
import { parseSlashCommand } from "./slash-command.js";

describe("input lines", () => {
  it("text stays text, -b sends the UTF-8 bytes", () => {
    expect(encodeLine("héllo", "text")).toBe("héllo");
    expect(encodeLine("hé", "binary")).toEqual(Uint8Array.of(0x68, 0xc3, 0xa9));
  });

  it("--hex accepts spaces, colons and 0x", () => {
    expect(decodeHex("00 ff:10")).toEqual(Uint8Array.of(0, 255, 16));
    expect(decodeHex("0x0aFF")).toEqual(Uint8Array.of(10, 255));
    expect(() => decodeHex("abc")).toThrow(/odd number of digits/);
    expect(() => decodeHex("zz")).toThrow(WebSocketException);
  });

  it("--base64 accepts both alphabets", () => {
    expect(decodeBase64("+/8=")).toEqual(Uint8Array.of(0xfb, 0xff));
    expect(decodeBase64("-_8")).toEqual(Uint8Array.of(0xfb, 0xff));
    expect(() => decodeBase64("a$b")).toThrow(/invalid base64/);
  });
});

describe("slash commands", () => {
  it("parses every command", () => {
    expect(parseSlashCommand("hello")).toEqual({ kind: "send", text: "hello" });
    expect(parseSlashCommand("//etc")).toEqual({ kind: "send", text: "/etc" });
    expect(parseSlashCommand("/ping")).toEqual({ kind: "ping", data: "" });
    expect(parseSlashCommand("/ping are you there")).toEqual({
      kind: "ping",
      data: "are you there",
    });
    expect(parseSlashCommand("/pong x")).toEqual({ kind: "pong", data: "x" });
    expect(parseSlashCommand("/close")).toEqual({ kind: "close", code: 1000, reason: "" });
    expect(parseSlashCommand("/close 4000 see you")).toEqual({
      kind: "close",
      code: 4000,
      reason: "see you",
    });
    expect(parseSlashCommand("/binary 00ff")).toEqual({
      kind: "binary",
      data: Uint8Array.of(0, 255),
    });
    expect(parseSlashCommand("/quit")).toEqual({ kind: "quit" });
  });

  it("7.4: refuses close codes an endpoint must not send", () => {
    expect(() => parseSlashCommand("/close 1005")).toThrow(/cannot be sent/);
    expect(() => parseSlashCommand("/close 2000")).toThrow(WebSocketException);
    expect(() => parseSlashCommand("/nope")).toThrow(/unknown command/);
    expect(() => parseSlashCommand("/binary")).toThrow(/usage/);
  });
});
