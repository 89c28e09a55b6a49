#!/usr/bin/env node
// `pnpm test:all`: what CI runs. The stages run in this order and the first
// failure stops the run (as `&&` did). At the end it prints how long each
// stage took, then repeats the tests' summary line, so that the last line is
// still "Tests: N passed, N failed" for CI to read.
//   node scripts/test-all.mjs [--from <stage>] [--only <stage>]
import { spawn } from "node:child_process";

/** @type {Array<[name: string, command: string]>} */
const stages = [
  ["install-peers", "bash scripts/install-peers.sh"],
  ["build + typecheck", "turbo run build typecheck && tsc --noEmit -p tsconfig.configs.json"],
  ["lint", "biome check ."],
  ["dependency rules", "pnpm run check:deps"],
  ["test hygiene", "node scripts/check-test-hygiene.mjs"],
  ["publint + attw", "turbo run check:package"],
  ["pack checks", "pnpm run check:pack"],
  ["size", "pnpm run size"],
  ["tests", "node scripts/run-tests.mjs"],
];

const SUMMARY = /^Tests: \d+ passed, \d+ failed/;

const args = process.argv.slice(2);
const pick = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const from = pick("--from");
const only = pick("--only");
for (const name of [from, only]) {
  if (name !== undefined && !stages.some(([n]) => n === name)) {
    console.error(`unknown stage "${name}"; write one of: ${stages.map(([n]) => n).join(", ")}`);
    process.exit(2);
  }
}
let selected = stages;
if (from !== undefined) selected = stages.slice(stages.findIndex(([n]) => n === from));
if (only !== undefined) selected = stages.filter(([n]) => n === only);

/** Runs one shell command, echoing its output; resolves its exit status and last summary line. */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ["inherit", "pipe", "inherit"] });
    let summary;
    let tail = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      tail += chunk.toString("utf8");
      const lines = tail.split("\n");
      tail = lines.pop() ?? "";
      for (const line of lines) if (SUMMARY.test(line.trim())) summary = line.trim();
    });
    child.on("error", (error) => {
      console.error(`could not start "${command}": ${error.message}`);
      resolve({ status: 1, summary });
    });
    child.on("close", (code, signal) => {
      if (SUMMARY.test(tail.trim())) summary = tail.trim();
      resolve({ status: code ?? (signal ? 1 : 0), summary });
    });
  });
}

const rows = [];
let failed;
let summary;
const started = performance.now();
for (const [name, command] of selected) {
  console.log(`\n── test:all: ${name} (${command})`);
  const t0 = performance.now();
  const result = await run(command);
  rows.push([name, (performance.now() - t0) / 1000, result.status === 0 ? "ok" : "FAILED"]);
  if (result.summary !== undefined) summary = result.summary;
  if (result.status !== 0) {
    failed = name;
    break;
  }
}
const total = (performance.now() - started) / 1000;

const width = Math.max(...rows.map(([n]) => n.length), "total".length);
const fmt = (s) => `${s.toFixed(1).padStart(7)} s`;
console.log("\ntest:all stage durations:");
for (const [name, seconds, status] of rows) {
  console.log(`  ${name.padEnd(width)} ${fmt(seconds)}  ${status}`);
}
console.log(`  ${"total".padEnd(width)} ${fmt(total)}`);
if (failed !== undefined) console.log(`\ntest:all: stage "${failed}" failed`);
if (summary !== undefined) console.log(`\n${summary}`);
process.exit(failed === undefined ? 0 : 1);
