#!/usr/bin/env node
// A stage of `pnpm test:all`: the tests never assert on the wall clock.
// Over every test file and test helper (*.test.ts, anything under a test/
// folder, test-support files) in packages/, tools/ and compliance/ it fails on
//   - the wall clock at all: `Date.now()`, `performance.now()` (a file that
//     installs fake timers with vi.useFakeTimers is exempt: its clock is the
//     test's own; bounded waits use until/within from test-utils);
//   - elapsed wall time: `Date.now() - …`, `performance.now() - …` (same exemption);
//   - an assertion on a clock or a duration: `expect(` with Date.now(),
//     performance.now(), or a `ms`/`took`/`elapsed`/`duration` value;
//   - sleep-then-assert: an `await sleep(…)` (or an awaited setTimeout
//     promise) followed by an `expect(` within the next two statements.
// Wait for an event instead (`until(() => server saw X)`), or use a fake
// clock (`@wsclient-tools/test-utils/fake-clock`).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Files that still break a rule, each with the reason and who removes it. Keep this empty. */
/** Files allowed to break a rule, with why (empty: none may). */
const KNOWN = new Map([]);

const ROOTS = ["packages", "tools", "compliance"];
const SKIP_DIRS = new Set(["node_modules", "dist", ".turbo", "coverage", "reports"]);
const isTestFile = (path) =>
  /\.test\.(ts|mts|js|mjs)$/.test(path) ||
  /(^|\/)test\/.*\.(ts|mts|js|mjs)$/.test(path) ||
  /(^|\/)test-support\.(ts|js)$/.test(path);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(join(dir, entry.name));
    } else yield join(dir, entry.name);
  }
}

const WALL_CLOCK = /\b(?:Date|performance)\.now\(\)/;
const ELAPSED = /\b(?:Date|performance)\.now\(\)\s*-(?!=)|-\s*(?:Date|performance)\.now\(\)/;
const CLOCK_ASSERT =
  /\bexpect\((?!typeof\b)(?:[^;]*\b(?:Date|performance)\.now\(\)|[^;)]*(?:\.ms\b|\b(?:took|elapsed|duration)\b))/;
const SLEEP =
  /\bawait\s+(?:sleep|delay|setTimeoutPromise)\(|\bawait\s+new\s+Promise\(\s*\(?\s*\w*\s*\)?\s*=>\s*setTimeout\(/;
const EXPECT = /\bexpect\(/;
const COMMENT = /^\s*(\/\/|\*|\/\*)/;

const problems = [];
let files = 0;
for (const root of ROOTS) {
  for (const path of walk(root)) {
    if (!isTestFile(path)) continue;
    files++;
    const text = readFileSync(path, "utf8");
    const fakeClock = /\bvi\.useFakeTimers\(/.test(text);
    const lines = text.split("\n");
    const found = [];
    lines.forEach((line, i) => {
      if (COMMENT.test(line)) return;
      const at = `${path}:${i + 1}`;
      if (!fakeClock && WALL_CLOCK.test(line) && !ELAPSED.test(line)) {
        found.push(`${at}: reads the wall clock: ${line.trim()}`);
      }
      if (!fakeClock && ELAPSED.test(line)) {
        found.push(`${at}: measures elapsed wall time: ${line.trim()}`);
      }
      if (!fakeClock && CLOCK_ASSERT.test(line)) {
        found.push(`${at}: asserts on a clock or a duration: ${line.trim()}`);
      }
      if (SLEEP.test(line)) {
        const next = lines
          .slice(i + 1)
          .filter((l) => l.trim() !== "" && !COMMENT.test(l))
          .slice(0, 2);
        if (next.some((l) => EXPECT.test(l))) {
          found.push(`${at}: sleeps, then asserts: wait for the event instead: ${line.trim()}`);
        }
      }
    });
    if (found.length === 0) continue;
    if (KNOWN.has(path)) {
      console.log(`known: ${path} (${found.length}): ${KNOWN.get(path)}`);
      continue;
    }
    problems.push(...found);
  }
}
for (const p of problems) console.error(`error ${p}`);
if (problems.length > 0) {
  console.error(
    `\nx ${problems.length} wall-clock assertion(s) in tests: wait for events (until(() => …)) or use a fake clock (@wsclient-tools/test-utils/fake-clock).`,
  );
  process.exit(1);
}
for (const path of KNOWN.keys()) {
  try {
    readFileSync(path);
  } catch {
    console.error(
      `error scripts/check-test-hygiene.mjs lists ${path} as known, but it is gone: remove the entry`,
    );
    process.exit(1);
  }
}
console.log(`check-test-hygiene: ${files} test files, no wall-clock assertions.`);
