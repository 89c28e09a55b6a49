/** One row of a side-by-side table. */
export interface ReportRow {
  /** What was measured, e.g. `parse 1 KiB frames`. */
  row: string;
  /** `ops/s` or `MiB/s`. */
  unit: "ops/s" | "MiB/s";
  /** wsclient's figure in `unit`. */
  ours: number;
  /** ws's figure in `unit`. */
  theirs: number;
}

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString("en-US");
  return n.toFixed(n >= 10 ? 1 : 2);
}

/** `rows` as a Markdown table: `row | wsclient | ws | ratio`. */
export function formatTable(title: string, rows: ReportRow[]): string {
  const lines = [
    `### ${title}`,
    "",
    "| row | unit | wsclient | ws | ratio |",
    "|---|---|---:|---:|---:|",
  ];
  for (const r of rows) {
    const ratio = r.ours / r.theirs;
    const flag = ratio < 1 ? " ⚠" : "";
    lines.push(
      `| ${r.row} | ${r.unit} | ${fmt(r.ours)} | ${fmt(r.theirs)} | ${ratio.toFixed(2)}×${flag} |`,
    );
  }
  return lines.join("\n");
}
