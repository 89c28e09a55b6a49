/**
 * `pnpm --filter @wsclient/compliance run summary`: rewrites `summary.md`
 * from `expected-results.json` without a run (after editing expectations by hand).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Verdicts } from "./compare";
import { SUMMARY_FILE, summarize } from "./summary";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const expected: Verdicts = JSON.parse(readFileSync(resolve(root, "expected-results.json"), "utf8"));
for (const [agent, verdicts] of Object.entries(expected)) {
  if (agent !== "wsclient") continue;
  writeFileSync(resolve(root, SUMMARY_FILE), summarize(agent, verdicts));
  console.log(`wrote ${resolve(root, SUMMARY_FILE)}`);
}
