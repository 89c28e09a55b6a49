/**
 * `pnpm bench [suite...] [--quick] [--samples N] [--ms N] [--rounds N] ...`:
 * in-process suites (codec) sample wsclient and ws alternately in one
 * process; process suites (client, cpu, flood, deflate) run each side in its
 * own process.
 * Each suite prints a Markdown table.
 */
import { clientSuite } from "./client.bench.js";
import { codecSuite } from "./codec.bench.js";
import { cpuSuite } from "./cpu.bench.js";
import { deflateSuite } from "./deflate.bench.js";
import { floodSuite } from "./flood.bench.js";
import { measurePair } from "./measure.js";
import { formatTable, type ReportRow } from "./report.js";
import type { BenchSuite, CommandLine, ProcessSuite } from "./suite.js";
import { wsUsesBufferutil } from "./ws-internals.js";

const SUITES: (BenchSuite | ProcessSuite)[] = [
  codecSuite,
  clientSuite,
  cpuSuite,
  floodSuite,
  deflateSuite,
];

const args = process.argv.slice(2);
const values = new Map<string, string>();
const wanted: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--quick") continue;
  if (a.startsWith("--")) values.set(a, args[++i] ?? "");
  else wanted.push(a);
}
const cli: CommandLine = {
  commandLine: `pnpm bench ${args.join(" ")}`.trim(),
  quick: args.includes("--quick"),
  values,
};
const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
if (suites.length === 0 || suites.length < wanted.length) {
  console.error(
    `no such suite: ${wanted.join(", ")} (have: ${SUITES.map((s) => s.name).join(", ")})`,
  );
  process.exit(2);
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One in-process suite: both sides sampled alternately in this process. */
async function runInProcess(suite: BenchSuite): Promise<void> {
  const sampleMs = Number(values.get("--ms") ?? (cli.quick ? 60 : 250));
  const samples = Number(values.get("--samples") ?? (cli.quick ? 3 : 5));
  console.log(
    `node ${process.version}, ws bufferutil: ${wsUsesBufferutil() ? "native" : "NOT loaded"}, ${samples} samples × ${sampleMs} ms per side, median\n`,
  );
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

for (const suite of suites) {
  if ("run" in suite) {
    console.log(`### ${suite.title}\n`);
    await suite.run(cli);
  } else await runInProcess(suite);
}
