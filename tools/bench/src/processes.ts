/**
 * Child processes of the process-per-side suites (client, flood): bundling a
 * script to plain node, pinning to a CPU, starting a server, running a client
 * that prints JSON lines. Every wait is bounded.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpus, platform } from "node:os";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const benchRoot = fileURLToPath(new URL("../", import.meta.url));

/**
 * Bundles `entry` (a path relative to src/) and @wsclient/* from source into
 * one plain ES module under tools/bench/.tmp/ (so `ws` and `bufferutil`,
 * left external, resolve from tools/bench/node_modules). Plain node, not tsx:
 * tsx alone adds ~40 MiB of RSS and its own startup to every process.
 */
export async function bundle(entry: string): Promise<string> {
  const outfile = `${benchRoot}.tmp/${entry.replace(/\.ts$/, ".mjs")}`;
  await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@wsclient/source"],
    external: ["ws", "bufferutil", "utf-8-validate"],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

let tasksetWorks: boolean | undefined;

/** True when `taskset` can pin processes here (Linux with it installed, ≥ 2 CPUs). */
export function canPin(): boolean {
  if (tasksetWorks === undefined) {
    tasksetWorks =
      platform() === "linux" &&
      cpus().length >= 2 &&
      spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore", timeout: 5000 }).status === 0;
  }
  return tasksetWorks;
}

/** `command args` pinned to `cpu` when taskset works, else unpinned: [command, args]. */
export function pinned(cpu: number, command: string, args: string[]): [string, string[]] {
  return canPin() ? ["taskset", ["-c", String(cpu), command, ...args]] : [command, args];
}

/** A server child process and its port. */
export interface RunningServer {
  port: number;
  child: ChildProcess;
  /** Lines the server printed after `LISTENING` (e.g. the flood server's `SENT`). */
  lines: string[];
  stop(): Promise<void>;
}

/** Starts a bundled server script pinned to CPU 1; resolves once it prints `LISTENING <port>` (15 s bound). */
export async function startServer(script: string): Promise<RunningServer> {
  const [command, args] = pinned(1, process.execPath, [script]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bench server did not listen in 15 s")), 15000);
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const parts = out.split("\n");
      out = parts.pop() ?? "";
      for (const line of parts) {
        const m = /^LISTENING (\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        } else lines.push(line);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited (${code}) before listening`));
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { port, child, lines, stop };
}

/** Where `--cpu-prof` profiles of side processes go (git-ignored). */
export const PROFILE_DIR = `${benchRoot}results/profiles`;

/**
 * {@link runPinned} of `node script args`; with `profile`, node runs with
 * `--cpu-prof` and writes a `.cpuprofile` per process to {@link PROFILE_DIR}.
 */
export function runClient<T = Record<string, unknown>>(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  profile = false,
): Promise<T[]> {
  const prof = profile ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR] : [];
  return runPinned<T>(process.execPath, [...prof, script, ...args], env, timeoutMs);
}

/**
 * Runs `program args` pinned to CPU 0 with `env` added; resolves with the
 * JSON objects it printed, one per stdout line. Rejects on a non-zero exit
 * or after `timeoutMs` (the child is killed).
 */
export function runPinned<T = Record<string, unknown>>(
  program: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<T[]> {
  const [command, full] = pinned(0, program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      out += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      err = (err + c).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")}: no result within ${timeoutMs} ms\n${err}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const lines = out.split("\n").filter((l) => l.startsWith("{"));
      if (code !== 0) {
        reject(new Error(`${args.join(" ")}: exit ${code ?? signal}\n${out}\n${err}`));
        return;
      }
      try {
        resolve(lines.map((l) => JSON.parse(l) as T));
      } catch (e) {
        reject(new Error(`${args.join(" ")}: bad output (${e})\n${out}`));
      }
    });
  });
}
