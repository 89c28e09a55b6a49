import { compareIds } from "@wsclient-tools/fuzzingserver";
import type { Verdict } from "./compare";

/** The file, beside `expected-results.json`, that {@link summarize} writes. */
export const SUMMARY_FILE = "summary.md";

const BEHAVIORS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"] as const;

/**
 * A short, stable Markdown summary of one agent's verdicts: per Autobahn
 * section, how many cases got each behavior and each close behavior, and
 * the cases that are neither OK nor UNIMPLEMENTED by name. It holds nothing
 * that changes from run to run (no durations, masks or wire logs), so the
 * committed file only changes when a verdict does.
 */
export function summarize(agent: string, verdicts: Record<string, Verdict>): string {
  const ids = Object.keys(verdicts).sort(compareIds);
  const sections = new Map<string, string[]>();
  for (const id of ids) {
    const section = id.split(".")[0] ?? id;
    sections.set(section, [...(sections.get(section) ?? []), id]);
  }
  const closeKinds = [...new Set(ids.map((id) => verdicts[id]!.behaviorClose ?? "-"))].sort();
  const count = (list: string[], pick: (v: Verdict) => string | undefined, value: string) =>
    list.filter((id) => (pick(verdicts[id]!) ?? "-") === value).length;
  const row = (name: string, list: string[]) =>
    `| ${name} | ${list.length} | ${BEHAVIORS.map((b) => count(list, (v) => v.behavior, b)).join(" | ")} | ${closeKinds
      .map((k) => count(list, (v) => v.behaviorClose, k))
      .join(" | ")} |`;

  const lines = [
    `# Autobahn client-mode verdicts: ${agent}`,
    "",
    "Written by `pnpm compliance -- --update-expected` from `expected-results.json`",
    "(the verdicts `pnpm test` compares); the full report (HTML, one file per case)",
    "is generated into `reports/clients/`, which git ignores.",
    "",
    `| Section | Cases | ${BEHAVIORS.join(" | ")} | ${closeKinds.map((k) => `close ${k}`).join(" | ")} |`,
    `|---|---:|${BEHAVIORS.map(() => "---:").join("|")}|${closeKinds.map(() => "---:").join("|")}|`,
    ...[...sections].map(([section, list]) => row(`${section}.x`, list)),
    row("**all**", ids),
  ];
  const notable = ids.filter((id) => !["OK", "UNIMPLEMENTED"].includes(verdicts[id]!.behavior));
  if (notable.length > 0) {
    lines.push("", "Cases neither OK nor UNIMPLEMENTED:", "");
    for (const id of notable) {
      const v = verdicts[id]!;
      lines.push(`- ${id}: ${v.behavior}, close ${v.behaviorClose ?? "-"}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
