import { describe, expect, it } from "vitest";
import { buildProgram, parseOptions } from "./options.js";

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  parseOptions(
    args,
    buildProgram()
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} }),
    env,
  );

describe("wsdump arguments", () => {
  it("has Python's flags", () => {
    const o = parse([
      "ws://h/",
      "-p",
      "http://p:1",
      "-v",
      "-n",
      "-r",
      "-s",
      "a",
      "b",
      "-o",
      "http://o",
      "--eof-wait",
      "1.5",
      "-t",
      "hi",
      "--timings",
      "--headers",
      "A: 1, B: 2",
    ]);
    expect(o).toMatchObject({
      url: "ws://h/",
      proxy: "http://p:1",
      verbose: 1,
      nocert: true,
      raw: true,
      subprotocols: ["a", "b"],
      origin: "http://o",
      eofWait: 1.5,
      text: "hi",
      timings: true,
      headers: ["A: 1", "B: 2"],
    });
  });

  it("takes the URL back from a greedy -s", () => {
    expect(parse(["-s", "chat", "ws://h/"])).toMatchObject({
      url: "ws://h/",
      subprotocols: ["chat"],
    });
  });

  it("repeatable -H after --headers; --no-proxy; binary modes", () => {
    const o = parse([
      "ws://h",
      "--headers",
      "A: 1",
      "-H",
      "B: x, y",
      "-H",
      "C: 3",
      "--no-proxy",
      "--hex",
    ]);
    expect(o.headers).toEqual(["A: 1", "B: x, y", "C: 3"]);
    expect(o.proxy).toBe(false);
    expect(o.inputMode).toBe("hex");
    expect(o.binaryFormat).toBe("hex");
  });

  it("NO_COLOR and --no-color", () => {
    expect(parse(["ws://h"]).color).toBe(true);
    expect(parse(["ws://h"], { NO_COLOR: "1" }).color).toBe(false);
    expect(parse(["ws://h", "--no-color"]).color).toBe(false);
  });

  it("rejects bad numbers and a missing URL", () => {
    expect(() => parse(["ws://h", "--eof-wait", "x"])).toThrow(/--eof-wait must be a number/);
    expect(() => parse(["ws://h", "--count", "0"])).toThrow(/--count must be a whole number/);
    expect(() => parse([])).toThrow(/missing required argument/);
    expect(() => parse(["ws://h", "--hex", "--base64"])).toThrow(/cannot be combined/);
  });
});
