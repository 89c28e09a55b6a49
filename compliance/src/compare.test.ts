import { describe, expect, it } from "vitest";
import { compareVerdicts, toExpected } from "./compare";

describe("compareVerdicts", () => {
  const expected = {
    "1.1.1": { behavior: "OK", behaviorClose: "OK" },
    "6.4.1": { behavior: "NON-STRICT", behaviorClose: "OK" },
  };

  it("accepts verdicts equal to the expected ones, durations aside", () => {
    const actual = {
      "1.1.1": { behavior: "OK", behaviorClose: "OK", remoteCloseCode: 1000 },
      "6.4.1": { behavior: "NON-STRICT", behaviorClose: "OK", remoteCloseCode: 1007 },
    };
    expect(compareVerdicts(actual, expected)).toEqual([]);
  });

  it("flags a verdict that changed, even for the better", () => {
    const actual = { "6.4.1": { behavior: "OK", behaviorClose: "OK" } };
    expect(compareVerdicts(actual, expected)).toEqual(["6.4.1: behavior OK, expected NON-STRICT"]);
  });

  it("flags FAILED, WRONG CODE and UNCLEAN even when expected", () => {
    const bad = {
      "1.1.1": { behavior: "FAILED", behaviorClose: "WRONG CODE" },
      "6.4.1": { behavior: "OK", behaviorClose: "UNCLEAN" },
    };
    const problems = compareVerdicts(bad, toExpected(bad));
    expect(problems).toEqual([
      "1.1.1: behavior FAILED",
      "1.1.1: behaviorClose WRONG CODE",
      "6.4.1: behaviorClose UNCLEAN",
    ]);
  });

  it("flags a case with no expectation", () => {
    expect(compareVerdicts({ "9.9.9": { behavior: "OK" } }, expected)).toHaveLength(1);
  });
});
