import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareVerdicts, type Verdicts } from "../src/compare";
import { runCompliance } from "../src/compliance";

// The whole conformance run, as `pnpm compliance` does it, so CI's `pnpm test`
// fails when a verdict changes.

const root = resolve(import.meta.dirname, "..");
let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "compliance-"));
});
afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe("wsclient through the fuzzing server, cases 1-13", () => {
  it("gets exactly the verdicts in expected-results.json, with no FAILED/WRONG CODE/UNCLEAN", async () => {
    const spec = JSON.parse(await readFile(join(root, "fuzzingserver.json"), "utf8"));
    const expected: Verdicts = JSON.parse(
      await readFile(join(root, "expected-results.json"), "utf8"),
    );
    const run = await runCompliance({ agent: "wsclient", spec, outdir });
    expect(Object.keys(run.verdicts)).toHaveLength(517);
    expect(compareVerdicts(run.verdicts, expected.wsclient)).toEqual([]);
    const index = JSON.parse(await readFile(join(outdir, "index.json"), "utf8"));
    expect(Object.keys(index.wsclient)).toHaveLength(517);
  });
});
