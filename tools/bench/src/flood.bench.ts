/**
 * `pnpm bench flood [--quick] [--mib N] [--delay N] [--rounds N] [--hwm BYTES]`: peak RSS
 * of a client that is slower than the network, wsclient and ws side by side,
 * each client in its own plain-node process (flood/client.ts, pinned to CPU
 * 0) against flood/server.ts (pinned to CPU 1).
 *
 * - recv: the server floods N MiB (default 1024; `--quick` 256) of 1 MiB
 *   binary messages; the client takes one every `--delay` ms (default 2).
 * - send: the client sends N MiB of 1 MiB messages to the server's slow
 *   reader as fast as it lets them go.
 *
 * `--hwm` passes `readHighWaterMark` to wsclient (default: the library's).
 * RSS is memory, not speed: it is reported, never asserted.
 */
import { loadavg } from "node:os";
import { median } from "./client/table.js";
import { bundle, canPin, runClient, startServer } from "./processes.js";
import { type CommandLine, option, type ProcessSuite } from "./suite.js";

interface FloodLine {
  side: string;
  direction: string;
  messages: number;
  bytes: number;
  inOrder: boolean;
  baselineRssMiB: number;
  peakRssMiB: number;
  maxRssMiB: number;
  ms: number;
}

const MiB = 1024 * 1024;
const SIDES = ["wsclient", "ws"];
const DIRECTIONS = ["recv", "send"];

export const floodSuite: ProcessSuite = {
  name: "flood",
  title: "Peak RSS under a flood (1 MiB messages, slow consumer), one process per client",
  async run(cli: CommandLine) {
    const mib = option(cli, "--mib") ?? (cli.quick ? 256 : 1024);
    const delay = option(cli, "--delay") ?? 2;
    const rounds = option(cli, "--rounds") ?? 1;
    const hwm = cli.values.get("--hwm");
    console.log(
      [
        `command: ${cli.commandLine}`,
        `node ${process.version}, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
        canPin() ? "server pinned to CPU 1, clients to CPU 0 (taskset)" : "not pinned (no taskset)",
        `${mib} MiB of 1 MiB messages per run; recv: one message every ${delay} ms; ` +
          `${rounds} round(s), medians; RSS sampled every 10 ms in the client (and the kernel's maxRSS)`,
        `wsclient readHighWaterMark: ${hwm ?? "library default"}`,
        "",
      ].join("\n"),
    );
    const [serverScript, clientScript] = await Promise.all([
      bundle("flood/server.ts"),
      bundle("flood/client.ts"),
    ]);
    const server = await startServer(serverScript);
    const results = new Map<string, FloodLine[]>();
    try {
      for (let round = 0; round < rounds; round++) {
        for (const direction of DIRECTIONS) {
          for (const side of SIDES) {
            const path = direction === "recv" ? "flood" : "sink";
            const url = `ws://127.0.0.1:${server.port}/${path}?size=${MiB}&count=${mib}`;
            const timeout = 60000 + mib * (delay + 200);
            const [line] = await runClient<FloodLine>(
              clientScript,
              [side, direction, url, String(delay), ...(hwm ? [hwm] : [])],
              {},
              timeout,
            );
            if (!line || line.messages !== mib || line.bytes !== mib * MiB || !line.inOrder)
              throw new Error(`${side} ${direction}: wrong result ${JSON.stringify(line)}`);
            const key = `${direction} ${side}`;
            results.set(key, [...(results.get(key) ?? []), line]);
            console.error(
              `  round ${round + 1}/${rounds}: ${key}: peak RSS ${line.peakRssMiB} MiB`,
            );
          }
        }
      }
    } finally {
      await server.stop();
    }
    const lines = [
      "| direction | client | baseline RSS MiB | peak RSS MiB | kernel maxRSS MiB | seconds | peak RSS ws / wsclient |",
      "|---|---|---:|---:|---:|---:|---:|",
    ];
    for (const direction of DIRECTIONS) {
      const peak = (side: string) =>
        median(results.get(`${direction} ${side}`)!.map((l) => l.peakRssMiB));
      for (const side of SIDES) {
        const runs = results.get(`${direction} ${side}`)!;
        const m = (f: (l: FloodLine) => number) => median(runs.map(f));
        const ratio = side === "ws" ? `${(peak("ws") / peak("wsclient")).toFixed(1)}×` : "";
        lines.push(
          `| ${direction} | ${side} | ${m((l) => l.baselineRssMiB).toFixed(1)} | ${m((l) => l.peakRssMiB).toFixed(1)} | ${m((l) => l.maxRssMiB).toFixed(1)} | ${(m((l) => l.ms) / 1000).toFixed(1)} | ${ratio} |`,
        );
      }
    }
    console.log(`${lines.join("\n")}\n`);
  },
};
