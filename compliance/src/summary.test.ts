import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Verdicts } from "./compare";
import { SUMMARY_FILE, summarize } from "./summary";

const root = resolve(import.meta.dirname, "..");

describe("the committed compliance summary", () => {
  it("says what expected-results.json says (regenerate: pnpm --filter @wsclient/compliance run summary)", () => {
    const expected: Verdicts = JSON.parse(
      readFileSync(resolve(root, "expected-results.json"), "utf8"),
    );
    const committed = readFileSync(resolve(root, SUMMARY_FILE), "utf8");
    expect(committed).toBe(summarize("wsclient", expected.wsclient ?? {}));
  });

  it("counts each section's verdicts and names the cases that are neither OK nor UNIMPLEMENTED", () => {
    const md = summarize("a", {
      "1.1.1": { behavior: "OK", behaviorClose: "OK" },
      "1.1.2": { behavior: "NON-STRICT", behaviorClose: "OK" },
      "12.1.1": { behavior: "UNIMPLEMENTED", behaviorClose: "OK" },
      "2.1": { behavior: "INFORMATIONAL", behaviorClose: "INFORMATIONAL" },
    });
    expect(md).toContain(
      "| Section | Cases | OK | NON-STRICT | INFORMATIONAL | UNIMPLEMENTED | FAILED | close INFORMATIONAL | close OK |",
    );
    expect(md).toContain("| 1.x | 2 | 1 | 1 | 0 | 0 | 0 | 0 | 2 |");
    expect(md).toContain("| 2.x | 1 | 0 | 0 | 1 | 0 | 0 | 1 | 0 |");
    expect(md).toContain("| 12.x | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |");
    expect(md).toContain("| **all** | 4 | 1 | 1 | 1 | 1 | 0 | 1 | 3 |");
    expect(md.indexOf("| 2.x")).toBeLessThan(md.indexOf("| 12.x"));
    expect(md).toContain(
      "- 1.1.2: NON-STRICT, close OK\n- 2.1: INFORMATIONAL, close INFORMATIONAL\n",
    );
    expect(md).not.toMatch(/\d+ ms|duration/i);
  });
});
