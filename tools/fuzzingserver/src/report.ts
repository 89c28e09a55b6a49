import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CaseResult } from "./case-result";
import { GROUP_TITLES, groupKeys } from "./groups";
import { compareIds } from "./registry";

/** Agent → case id → result: what the server has graded so far. */
export type ResultStore = Map<string, Map<string, CaseResult>>;

/** The shape of Autobahn's `index.json` entry for one case. */
export interface IndexEntry {
  behavior: string;
  behaviorClose: string;
  duration: number;
  remoteCloseCode: number | null;
  reportfile: string;
}

export type ReportIndex = Record<string, Record<string, IndexEntry>>;

export function buildIndex(store: ResultStore): ReportIndex {
  const index: ReportIndex = {};
  for (const agent of [...store.keys()].sort()) {
    const cases = store.get(agent)!;
    const entries: Record<string, IndexEntry> = {};
    for (const id of [...cases.keys()].sort(compareIds)) {
      const r = cases.get(id)!;
      entries[id] = {
        behavior: r.behavior,
        behaviorClose: r.behaviorClose,
        duration: r.duration,
        remoteCloseCode: r.remoteCloseCode,
        reportfile: r.reportfile,
      };
    }
    index[agent] = entries;
  }
  return index;
}

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );

/** Descriptions carry Autobahn's `<br>` markup; everything else is escaped. */
const rich = (s: string) =>
  esc(s)
    .replace(/&lt;br&gt;/g, "<br>")
    .replace(/&lt;(\/?)b&gt;/g, "<$1b>");

const CSS = `body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px}
.OK{background:#0a0;color:#fff}.NON-STRICT{background:#7c7;color:#000}.INFORMATIONAL{background:#69c;color:#fff}
.UNIMPLEMENTED{background:#aaa;color:#fff}.FAILED,.WRONG,.UNCLEAN{background:#c00;color:#fff}
pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}`;

const cls = (verdict: string) => verdict.split(" ")[0];

function summary(cases: Map<string, CaseResult>): string {
  const counts = new Map<string, number>();
  for (const r of cases.values()) counts.set(r.behavior, (counts.get(r.behavior) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${k}: ${v}`).join(", ");
}

export function indexHtml(store: ResultStore): string {
  const agents = [...store.keys()].sort();
  const ids = [...new Set(agents.flatMap((a) => [...store.get(a)!.keys()]))].sort(compareIds);
  const head = agents.map((a) => `<th>${esc(a)}</th>`).join("");
  const seen = new Set<string>();
  const heading = (id: string) =>
    groupKeys(id)
      .filter((k) => !seen.has(k) && seen.add(k))
      .map(
        (k) =>
          `<tr><th colspan="${agents.length + 1}" style="text-align:left;${k.includes(".") ? "font-weight:normal" : "background:#eee"}">${esc(k)} ${esc(GROUP_TITLES[k] ?? "")}</th></tr>`,
      )
      .join("\n");
  const rows = ids
    .map((id) => {
      const cells = agents
        .map((a) => {
          const r = store.get(a)!.get(id);
          if (!r) return "<td></td>";
          const close = r.behaviorClose === "OK" ? "" : ` / ${esc(r.behaviorClose)}`;
          const html = r.reportfile.replace(/\.json$/, ".html");
          return `<td class="${cls(r.behavior)}"><a style="color:inherit" href="${esc(html)}">${esc(r.behavior)}${close}</a> <small>${r.duration} ms${r.remoteCloseCode !== null ? ` · ${r.remoteCloseCode}` : ""}</small></td>`;
        })
        .join("");
      return `${heading(id)}<tr><td>${esc(id)}</td>${cells}</tr>`;
    })
    .join("\n");
  const sums = agents.map((a) => `<li><b>${esc(a)}</b>: ${summary(store.get(a)!)}</li>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>WebSocket client conformance</title><style>${CSS}</style></head><body>
<h1>WebSocket client conformance (Autobahn-compatible cases)</h1>
<ul>${sums}</ul>
<table><tr><th>Case</th>${head}</tr>
${rows}
</table></body></html>
`;
}

export function caseHtml(r: CaseResult): string {
  const json = (v: unknown) => esc(JSON.stringify(v, null, 1));
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(r.agent)} - Case ${esc(r.id)}</title><style>${CSS}</style></head><body>
<p><a href="index.html">Index</a></p>
<h1>${esc(r.agent)} - Case ${esc(r.id)} : <span class="${cls(r.behavior)}">${esc(r.behavior)}</span> - <small>${r.duration} ms</small></h1>
<p><b>Case Description</b><br>${rich(r.description)}</p>
<p><b>Case Expectation</b><br>${rich(r.expectation)}</p>
<h2>Case Outcome</h2><p>${esc(r.result)}</p>
<p><b>Expected:</b></p><pre>${json(r.expected)}</pre>
<p><b>Observed:</b></p><pre>${json(r.received)}</pre>
<h2>Case Closing Behavior</h2><p class="${cls(r.behaviorClose)}">${esc(r.behaviorClose)}: ${esc(r.resultClose)}</p>
<table>
<tr><td>closedByMe</td><td>${r.closedByMe}</td><td>expected: ${r.expectedClose.closedByMe}</td></tr>
<tr><td>wasClean</td><td>${r.wasClean}</td><td>requireClean: ${r.expectedClose.requireClean}</td></tr>
<tr><td>remoteCloseCode</td><td>${r.remoteCloseCode}</td><td>expected: ${esc(r.expectedClose.closeCode.join(", "))}</td></tr>
<tr><td>remoteCloseReason</td><td>${esc(r.remoteCloseReason)}</td><td></td></tr>
<tr><td>localCloseCode</td><td>${r.localCloseCode}</td><td>${esc(r.localCloseReason)}</td></tr>
<tr><td>failedByMe / droppedByMe</td><td>${r.failedByMe} / ${r.droppedByMe}</td><td>${esc(r.wasNotCleanReason)}</td></tr>
</table>
<h2>Opening Handshake</h2><pre>${esc(r.httpRequest)}</pre><pre>${esc(r.httpResponse)}</pre>
<h2>Wire Log</h2><pre>${r.wirelog.map((e) => esc(JSON.stringify(e))).join("\n")}</pre>
</body></html>
`;
}

/** Write index.json, index.html and one JSON + HTML file per case into `outdir`. */
export async function writeReports(store: ResultStore, outdir: string): Promise<ReportIndex> {
  await mkdir(outdir, { recursive: true });
  const index = buildIndex(store);
  for (const cases of store.values()) {
    for (const r of cases.values()) {
      const stem = r.reportfile.replace(/\.json$/, "");
      await writeFile(join(outdir, `${stem}.json`), `${JSON.stringify(r, null, 1)}\n`);
      await writeFile(join(outdir, `${stem}.html`), caseHtml(r));
    }
  }
  await writeFile(join(outdir, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
  await writeFile(join(outdir, "index.html"), indexHtml(store));
  return index;
}
