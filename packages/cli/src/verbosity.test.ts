import { describe, expect, it } from "vitest";
import { extractVerbosity } from "./verbosity.js";

describe("-v/--verbose, counted as Python's wsdump counts it", () => {
  it.each([
    [["-v"], 1],
    [["-vv"], 2],
    [["-vvv"], 3],
    [["-v", "3"], 3],
    [["--verbose"], 1],
    [["--verbose", "2"], 2],
    [["--verbose=4"], 4],
    [["-v", "-v"], 2],
    [[], 0],
  ])("%j → %i", (args, level) => {
    expect(extractVerbosity(args).level).toBe(level);
  });

  it("leaves a following URL alone (argparse would have eaten it)", () => {
    expect(extractVerbosity(["-v", "ws://h:1/", "-r"])).toEqual({
      level: 1,
      rest: ["ws://h:1/", "-r"],
    });
  });

  it("stops at --", () => {
    expect(extractVerbosity(["--", "-v"])).toEqual({ level: 0, rest: ["--", "-v"] });
  });
});
