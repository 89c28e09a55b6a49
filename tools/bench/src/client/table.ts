/**
 * The client benchmark's Markdown table: one row per measurement, one column
 * per side (medians over rounds), and wsclient's ratios to the peers and to
 * the ceiling. Ratios are "times better": value / peer for rates, peer /
 * value for latencies (µs, lower is better), so > 1 always favours wsclient.
 */
import type { ClientRow } from "./rows.js";

/** The columns, in order: side id → header. */
export const SIDE_COLUMNS: [string, string][] = [
  ["wsclient", "wsclient"],
  ["ws", "ws"],
  ["ws-bufferutil", "ws+bufferutil"],
  ["python", "Python websocket-client"],
  ["raw-onread", "raw onread"],
  ["raw-data", "raw 'data'"],
  ["tostring", "Buffer#toString"],
];

/** The peers wsclient is compared with in "best peer". */
const PEERS = ["ws", "ws-bufferutil", "python"];

/** Median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A table cell: `1.23 M`, `1,234`, `12.3` or `1.23`; `–` when absent. */
export function fmt(n: number | undefined): string {
  if (n === undefined) return "–";
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 100) return Math.round(n).toLocaleString("en-US");
  return n.toFixed(n >= 10 ? 1 : 2);
}

/** "Times better for wsclient" (peer / value when lower is better), ⚠ below 1; `–` when absent. */
export function ratio(ours: number | undefined, other: number | undefined, lowerIsBetter = false) {
  if (ours === undefined || other === undefined) return "–";
  const r = lowerIsBetter ? other / ours : ours / other;
  return `${r.toFixed(2)}×${r < 1 ? " ⚠" : ""}`;
}

/**
 * The table. `values` maps `side → row id → per-round values`; `sides` are
 * the sides that ran (columns of absent sides are left out).
 */
export function formatClientTable(
  rows: ClientRow[],
  values: Map<string, Map<string, number[]>>,
  sides: Set<string>,
): string {
  const columns = SIDE_COLUMNS.filter(([id]) => sides.has(id) || id === "tostring");
  const head = [
    "row",
    "unit",
    ...columns.map(([, h]) => h),
    "wsclient / best peer",
    "wsclient / ws",
    "wsclient / ceiling",
  ];
  const lines = [
    `| ${head.join(" | ")} |`,
    `|---|---|${head
      .slice(2)
      .map(() => "---:")
      .join("|")}|`,
  ];
  for (const row of rows) {
    const med = (side: string): number | undefined => {
      const v = values.get(side)?.get(row.id);
      return v && v.length > 0 ? median(v) : undefined;
    };
    const lower = row.unit === "µs";
    const ours = med("wsclient");
    const peers = PEERS.map(med).filter((v): v is number => v !== undefined);
    const best = peers.length ? (lower ? Math.min(...peers) : Math.max(...peers)) : undefined;
    const ceiling =
      row.kind === "recv" ? med("raw-onread") : row.kind === "text" ? med("tostring") : undefined;
    const cells = [
      row.label + (lower ? " (lower is better)" : ""),
      row.unit,
      ...columns.map(([id]) => fmt(med(id))),
      ratio(ours, best, lower),
      ratio(ours, med("ws"), lower),
      ratio(ours, ceiling, lower),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
