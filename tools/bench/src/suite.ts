import { cpus, loadavg } from "node:os";

/** One comparison: the same work done by wsclient and by ws. */
export interface BenchCase {
  /** The row label, e.g. `parse 16 B frames`. */
  row: string;
  /**
   * Bytes processed per call: when set, the row is reported in MiB/s,
   * otherwise in calls per second.
   */
  bytesPerOp?: number;
  /** wsclient doing the work once (may return a promise). */
  ours: () => unknown;
  /** ws doing the same work once. */
  theirs: () => unknown;
  /** Optional check run once after timing, e.g. both sides saw the same frames. */
  verify?: () => void;
}

/** A named group of cases, one file per suite: `src/<name>.bench.ts`. */
export interface BenchSuite {
  name: string;
  title: string;
  /** Build the cases (fixtures, servers ...). */
  setup(): BenchCase[] | Promise<BenchCase[]>;
  /** Release what setup made. */
  teardown?(): void | Promise<void>;
}

/** The parsed command line of `pnpm bench`. */
export interface CommandLine {
  /** How it was run, for the report (`pnpm bench client --quick`). */
  commandLine: string;
  /** `--quick` was given. */
  quick: boolean;
  /** `--name value` options. */
  values: Map<string, string>;
}

/** The machine line every process suite prints above its table: Node, CPU and load. */
export function machineLine(): string {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `node ${process.version}, ${cpus()[0]?.model ?? "?"} × ${cpus().length}, load average ${load}`;
}

/** `--rounds` and `--ms` of the client-side process suites (`--quick`: 1 round of 200 ms). */
export function roundsAndMs(cli: CommandLine): { rounds: number; ms: number } {
  return {
    rounds: option(cli, "--rounds") ?? (cli.quick ? 1 : 3),
    ms: option(cli, "--ms") ?? (cli.quick ? 200 : 1000),
  };
}

/** `--rows regex`: which rows to run, matched against their labels (null: all). */
export function rowFilter(cli: CommandLine): RegExp | null {
  const source = cli.values.get("--rows");
  return source === undefined ? null : new RegExp(source);
}

/** A numeric `--name N` option, if given. */
export function option(cli: CommandLine, name: string): number | undefined {
  const v = cli.values.get(name);
  return v === undefined ? undefined : Number(v);
}

/**
 * A suite that runs each side in its own process (client, flood) and prints
 * its own table; `src/<name>.bench.ts` as well.
 */
export interface ProcessSuite {
  name: string;
  title: string;
  run(cli: CommandLine): Promise<void>;
}
