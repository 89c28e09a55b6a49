import { describe, expect, it } from "vitest";
import { measurePair } from "./measure.js";
import { formatTable } from "./report.js";

describe("bench report", () => {
  it("prints a Markdown table with ratios and flags rows below 1.0×", () => {
    const out = formatTable("t", [
      { row: "fast", unit: "MiB/s", ours: 2000, theirs: 1000 },
      { row: "slow", unit: "ops/s", ours: 5, theirs: 10 },
    ]);
    expect(out).toContain("| fast | MiB/s | 2,000 | 1,000 | 2.00× |");
    expect(out).toContain("| slow | ops/s | 5.00 | 10.0 | 0.50× ⚠ |");
  });

  it("measures two functions alternately and returns positive rates", async () => {
    let a = 0;
    let b = 0;
    const [ra, rb] = await measurePair(
      () => {
        a++;
      },
      async () => {
        b++;
      },
      { sampleMs: 5, samples: 3 },
    );
    expect(ra).toBeGreaterThan(0);
    expect(rb).toBeGreaterThan(0);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
  });
});
