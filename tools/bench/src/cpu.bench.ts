/**
 * `pnpm bench cpu [--quick] [--rounds N] [--ms N] [--rows regex]`: what the
 * client itself costs per message. Each side (wsclient, ws, ws +
 * bufferutil) runs in its own process pinned to CPU 0 against an in-process
 * peer (cpu/memory-peer.ts): no kernel, no server process, so the loopback
 * and the scheduler — which move the `client` suite's rows by ±30 % on a
 * small VM — drop out. Rates are per second of the process's CPU time.
 * Every row runs in a fresh process (the heap one row leaves behind moves
 * the next row by more than the clients differ). Sides rotate each round;
 * the table shows medians over rounds.
 *
 * Sends here go to a caller's own stream, so wsclient does not recycle its
 * frame buffers (it does on real sockets, see the `client` suite).
 */
import { CLIENT_ROWS } from "./client/rows.js";
import { fmt, median, ratio } from "./client/table.js";
import { bundle, canPin, runClient } from "./processes.js";
import {
  type CommandLine,
  machineLine,
  type ProcessSuite,
  roundsAndMs,
  rowFilter,
} from "./suite.js";

const SIDES: { id: string; header: string; env: Record<string, string> }[] = [
  { id: "wsclient", header: "wsclient", env: {} },
  { id: "ws", header: "ws", env: { WS_NO_BUFFER_UTIL: "1" } },
  { id: "ws-bufferutil", header: "ws+bufferutil", env: {} },
];

interface SideLine {
  side: string;
  row?: string;
  value?: number;
  bad?: number;
}

export const cpuSuite: ProcessSuite = {
  name: "cpu",
  title: "Client CPU per message, in-process peer: medians over rounds, per CPU-second",
  async run(cli: CommandLine) {
    const { rounds, ms } = roundsAndMs(cli);
    const filter = rowFilter(cli);
    const rows = CLIENT_ROWS.filter((r) => r.kind !== "echo" && (!filter || filter.test(r.label)));
    console.log(
      [
        `command: ${cli.commandLine}`,
        machineLine(),
        canPin() ? "each side pinned to CPU 0 (taskset)" : "not pinned (no taskset)",
        `${rounds} round(s) × ${SIDES.length} sides, ~${ms} ms per row per side`,
        "",
      ].join("\n"),
    );
    const script = await bundle("cpu/side-main.ts");
    const values = new Map<string, Map<string, number[]>>();
    for (let round = 0; round < rounds; round++) {
      const order = [...SIDES.slice(round % SIDES.length), ...SIDES.slice(0, round % SIDES.length)];
      for (const side of order) {
        // One process per row: a row's garbage and heap growth would move the next one.
        for (const row of rows) {
          const args = [side.id, String(ms), row.id];
          for (const line of await runClient<SideLine>(script, args, side.env, 60000 + ms * 4)) {
            if (line.bad) throw new Error(`${line.side} saw ${line.bad} wrong messages`);
            if (line.row === undefined || line.value === undefined) continue;
            const bySide = values.get(line.side) ?? new Map<string, number[]>();
            values.set(line.side, bySide);
            bySide.set(line.row, [...(bySide.get(line.row) ?? []), line.value]);
          }
        }
        console.error(`  round ${round + 1}/${rounds}: ${side.id} done`);
      }
    }
    const med = (side: string, row: string) => {
      const v = values.get(side)?.get(row);
      return v === undefined ? undefined : median(v);
    };
    const lines = [
      `| row | unit | ${SIDES.map((s) => s.header).join(" | ")} | wsclient / best peer | wsclient / ws |`,
      `|---|---|${SIDES.map(() => "---:|").join("")}---:|---:|`,
    ];
    for (const row of rows) {
      const ours = med("wsclient", row.id);
      const ws = med("ws", row.id);
      const best = Math.max(ws ?? 0, med("ws-bufferutil", row.id) ?? 0) || undefined;
      const unit = row.unit === "msgs/s" ? "msgs/CPU-s" : "MiB/CPU-s";
      const cells = SIDES.map((s) => fmt(med(s.id, row.id)));
      lines.push(
        `| ${row.label} | ${unit} | ${cells.join(" | ")} | ${ratio(ours, best)} | ${ratio(ours, ws)} |`,
      );
    }
    console.log(`${lines.join("\n")}\n`);
    console.log("Ratios are × better for wsclient (its rate / the peer's); ⚠ below 1.");
  },
};
