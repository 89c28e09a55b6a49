/**
 * `pnpm compliance [--url ws://host:port] [--agent wsclient] [--cases 1.*,6.4.*]
 *   [--spec fuzzingserver.json] [--outdir dir] [--expected expected-results.json] [--update-expected]`
 *
 * Drives wsclient through an Autobahn-compatible fuzzing server (ours, on a
 * free loopback port, unless --url is given), writes the reports, and exits
 * non-zero on any FAILED / WRONG CODE / UNCLEAN case or any verdict that
 * differs from the committed expectations.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { FuzzingServerSpec } from "@wsclient-tools/fuzzingserver";
import { compareVerdicts, toExpected, type Verdicts } from "./compare";
import { runCompliance } from "./compliance";
import { SUMMARY_FILE, summarize } from "./summary";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  // `pnpm compliance -- --flag` passes the "--" through.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    url: { type: "string" },
    agent: { type: "string", default: "wsclient" },
    cases: { type: "string" },
    spec: { type: "string", default: resolve(root, "fuzzingserver.json") },
    expected: { type: "string", default: resolve(root, "expected-results.json") },
    outdir: { type: "string" },
    "update-expected": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});

const spec: FuzzingServerSpec = JSON.parse(readFileSync(values.spec!, "utf8"));
const agent = values.agent!;
const run = await runCompliance({
  ...(values.url ? { url: values.url } : {}),
  agent,
  spec,
  ...(values.cases ? { cases: values.cases.split(",").map((s) => s.trim()) } : {}),
  outdir: values.outdir ?? resolve(dirname(values.spec!), spec.outdir ?? "./reports/clients"),
  log: values.quiet ? undefined : (line) => console.log(line),
});

const counts = new Map<string, number>();
for (const v of Object.values(run.verdicts))
  counts.set(v.behavior, (counts.get(v.behavior) ?? 0) + 1);
console.log(
  `${Object.keys(run.verdicts).length} cases in ${(run.elapsedMs / 1000).toFixed(1)} s: ${[
    ...counts,
  ]
    .map(([k, n]) => `${n} ${k}`)
    .join(", ")}`,
);

const expectedFile = values.expected!;
let expected: Verdicts = {};
try {
  expected = JSON.parse(readFileSync(expectedFile, "utf8"));
} catch {
  expected = {};
}
if (values["update-expected"]) {
  expected[agent] = { ...(expected[agent] ?? {}), ...toExpected(run.verdicts) };
  writeFileSync(expectedFile, `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`wrote ${expectedFile}`);
  const summaryFile = resolve(dirname(expectedFile), SUMMARY_FILE);
  writeFileSync(summaryFile, summarize(agent, expected[agent]));
  console.log(`wrote ${summaryFile}`);
}
const problems = compareVerdicts(run.verdicts, expected[agent]);
for (const p of problems) console.error(`  ${p}`);
if (problems.length > 0) {
  console.error(`compliance: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log("compliance: every verdict as expected");
