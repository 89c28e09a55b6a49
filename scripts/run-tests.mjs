#!/usr/bin/env node
// Runs every vitest project once and ends with the plain summary line
// "Tests: N passed, N failed" that CI reads. Extra arguments go to vitest.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const out = ".tmp/vitest-results.json";
mkdirSync(".tmp", { recursive: true });
rmSync(out, { force: true }); // never report a previous run's numbers

const vitest = createRequire(import.meta.url).resolve("vitest/vitest.mjs");
const run = spawnSync(
  process.execPath,
  [
    vitest,
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
if (run.error) console.error(`could not start vitest: ${run.error.message}`);

let summary;
try {
  const r = JSON.parse(readFileSync(out, "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that fails outside its tests (a beforeAll, an import) fails no
  // test of its own: count it, so the line never says 0 failed on a red run.
  const failed = r.numFailedTests || (r.success ? 0 : Math.max(1, r.numFailedTestSuites));
  summary = `Tests: ${r.numPassedTests} passed, ${failed} failed`;
  if (skipped > 0) summary += `, ${skipped} skipped`;
} catch {
  summary = "Tests: 0 passed, 1 failed"; // vitest died before writing results
}
console.log(`\n${summary}`);
process.exit(run.status ?? 1);
