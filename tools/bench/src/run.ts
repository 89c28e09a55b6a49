/**
 * `pnpm bench [suite...] [--quick] [--samples N] [--ms N]`: runs each suite's cases, wsclient and ws
 * alternately in one process, and prints a Markdown table per suite.
 */
import { clientSuite } from "./client.bench.js";
import { codecSuite } from "./codec.bench.js";
import { deflateSuite } from "./deflate.bench.js";
import { measurePair } from "./measure.js";
import { formatTable, type ReportRow } from "./report.js";
import type { BenchSuite } from "./suite.js";
import { wsUsesBufferutil } from "./ws-internals.js";

const SUITES: BenchSuite[] = [codecSuite, clientSuite, deflateSuite];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const wanted = args.filter(
  (a, i) => !a.startsWith("--") && !/^--(ms|samples)$/.test(args[i - 1] ?? ""),
);
const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
if (suites.length === 0) {
  console.error(
    `no such suite: ${wanted.join(", ")} (have: ${SUITES.map((s) => s.name).join(", ")})`,
  );
  process.exit(2);
}

const option = (name: string): number | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : undefined;
};
const sampleMs = option("--ms") ?? (quick ? 60 : 250);
const samples = option("--samples") ?? (quick ? 3 : 5);
console.log(
  `node ${process.version}, ws bufferutil: ${wsUsesBufferutil() ? "native" : "NOT loaded"}, ${samples} samples × ${sampleMs} ms per side, median\n`,
);

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

for (const suite of suites) {
  const cases = await suite.setup();
  const rows: ReportRow[] = [];
  for (const c of cases) {
    const [ours, theirs] = await measurePair(c.ours, c.theirs, { sampleMs, samples });
    await yieldToLoop();
    c.verify?.();
    const perSec = (n: number) =>
      c.bytesPerOp === undefined ? n : (n * c.bytesPerOp) / (1024 * 1024);
    const row: ReportRow = {
      row: c.row,
      unit: c.bytesPerOp === undefined ? "ops/s" : "MiB/s",
      ours: perSec(ours),
      theirs: perSec(theirs),
    };
    rows.push(row);
    console.error(`  ${c.row}: ${(row.ours / row.theirs).toFixed(2)}×`);
  }
  await suite.teardown?.();
  console.log(`${formatTable(suite.title, rows)}\n`);
}
