#!/usr/bin/env node
// Runs every vitest project once and ends with the plain summary line
// "Tests: N passed, N failed" that CI reads. Extra arguments go to vitest.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

mkdirSync(".tmp", { recursive: true });
const out = ".tmp/vitest-results.json";
const run = spawnSync(
  "vitest",
  [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", shell: false },
);
let summary = "Tests: 0 passed, 0 failed";
try {
  const r = JSON.parse(readFileSync(out, "utf8"));
  summary = `Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`;
  if (r.numPendingTests + r.numTodoTests > 0)
    summary += `, ${r.numPendingTests + r.numTodoTests} skipped`;
} catch {
  summary = "Tests: 0 passed, 1 failed";
}
console.log(`\n${summary}`);
process.exit(run.status ?? 1);
