/**
 * `pnpm bench client [--quick] [--rounds N] [--ms N] [--sides a,b] [--rows regex] [--cpu-prof a,b]`:
 * wsclient, ws (no bufferutil), ws + bufferutil, Python websocket-client
 * (when installed) and two raw-TCP ceilings, each in its own process
 * (client/side-main.ts, pinned to CPU 0) against one server process
 * (client/server.ts, pinned to CPU 1). The sides run one after another in
 * rounds (the order rotates each round, so no side always follows the same
 * one); the table shows medians over the rounds.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLIENT_ROWS } from "./client/rows.js";
import { pythonSide } from "./client/side-python.js";
import { formatClientTable, median } from "./client/table.js";
import { bundle, canPin, PROFILE_DIR, runClient, startServer } from "./processes.js";
import {
  type CommandLine,
  machineLine,
  type ProcessSuite,
  roundsAndMs,
  rowFilter,
} from "./suite.js";

interface SideLine {
  side: string;
  row?: string;
  value?: number;
  bad?: number;
}

/** A side: its id and how its process is started (env, or a non-node command). */
interface SideSpec {
  id: string;
  env: Record<string, string>;
  /** Rows it takes part in (raw readers: receive rows only). */
  kinds: string[];
}

const ALL_KINDS = ["recv", "text", "echo", "send"];
const SIDES: SideSpec[] = [
  { id: "wsclient", env: {}, kinds: ALL_KINDS },
  { id: "ws", env: { WS_NO_BUFFER_UTIL: "1" }, kinds: ALL_KINDS },
  { id: "ws-bufferutil", env: {}, kinds: ALL_KINDS },
  { id: "raw-onread", env: {}, kinds: ["recv"] },
  { id: "raw-data", env: {}, kinds: ["recv"] },
];

export const clientSuite: ProcessSuite = {
  name: "client",
  title: "Client over loopback: one process per side, medians over rounds",
  async run(cli: CommandLine) {
    const { rounds, ms } = roundsAndMs(cli);
    const onlySides = cli.values.get("--sides")?.split(",");
    const profiled = cli.values.get("--cpu-prof")?.split(",") ?? [];
    const filter = rowFilter(cli);
    const rows = CLIENT_ROWS.filter((r) => !filter || filter.test(r.label));
    const python = pythonSide();
    const sides = SIDES.filter((s) => !onlySides || onlySides.includes(s.id));
    const runPython = python !== null && (!onlySides || onlySides.includes("python"));

    console.log(
      [
        `command: ${cli.commandLine}`,
        machineLine(),
        canPin() ? "server pinned to CPU 1, clients to CPU 0 (taskset)" : "not pinned (no taskset)",
        `${rounds} round(s) × ${sides.length + (runPython ? 1 : 0)} sides, ~${ms} ms per row per side, medians over rounds`,
        python
          ? `Python: ${python.version}`
          : "Python websocket-client: not installed, column left out",
        ...(profiled.length ? [`--cpu-prof of ${profiled.join(", ")} into ${PROFILE_DIR}`] : []),
        "",
      ].join("\n"),
    );

    const [serverScript, sideScript] = await Promise.all([
      bundle("client/server.ts"),
      bundle("client/side-main.ts"),
    ]);
    const server = await startServer(serverScript);
    const values = new Map<string, Map<string, number[]>>();
    const ran = new Set<string>();
    const record = (line: SideLine): void => {
      if (line.bad !== undefined && line.bad > 0)
        throw new Error(`${line.side} saw ${line.bad} wrong messages`);
      if (line.row === undefined || line.value === undefined) return;
      ran.add(line.side);
      const bySide = values.get(line.side) ?? new Map<string, number[]>();
      values.set(line.side, bySide);
      bySide.set(line.row, [...(bySide.get(line.row) ?? []), line.value]);
    };
    try {
      const order: (SideSpec | "python")[] = [...sides, ...(runPython ? ["python" as const] : [])];
      for (let round = 0; round < rounds; round++) {
        const rotated = [
          ...order.slice(round % order.length),
          ...order.slice(0, round % order.length),
        ];
        for (const side of rotated) {
          const id = side === "python" ? "python" : side.id;
          const kinds = side === "python" ? ALL_KINDS : side.kinds;
          const mine = rows.filter((r) => kinds.includes(r.kind));
          if (mine.length === 0) continue;
          const ids = mine.map((r) => r.id).join(",");
          const budget = 60000 + mine.length * ms * 4;
          const lines =
            side === "python"
              ? await python!.run(server.port, ms, mine, budget)
              : await runClient<SideLine>(
                  sideScript,
                  [id, String(server.port), String(ms), ids],
                  side.env,
                  budget,
                  profiled.includes(id),
                );
          for (const line of lines) record(line);
          console.error(`  round ${round + 1}/${rounds}: ${id} done`);
        }
      }
    } finally {
      await server.stop();
    }
    const table = formatClientTable(rows, values, ran);
    console.log(`${table}\n`);
    console.log(
      "Ratios are × better for wsclient (rate / peer rate; for µs, peer / wsclient); ⚠ below 1. " +
        "Ceiling: raw onread for recv rows, Node's Buffer#toString for the text row.",
    );
    saveResults(cli.commandLine, values);
  },
};

/** Appends the raw per-round values to tools/bench/results/client.jsonl (git-ignored). */
function saveResults(commandLine: string, values: Map<string, Map<string, number[]>>): void {
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const data: Record<string, Record<string, { median: number; rounds: number[] }>> = {};
  for (const [side, rows] of values) {
    data[side] = {};
    for (const [row, v] of rows) data[side][row] = { median: median(v), rounds: v };
  }
  const entry = { at: new Date().toISOString(), node: process.version, commandLine, data };
  appendFileSync(`${dir}client.jsonl`, `${JSON.stringify(entry)}\n`);
}
