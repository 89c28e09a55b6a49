import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * How the tests run wsdump: the real entry point `src/cli.ts` in a child
 * process (real stdin/stdout pipes, real exit status, real signals), loaded
 * through tsx with the `@wsclient/source` condition so every workspace
 * package runs from its source — no build step, nothing mocked. The built
 * `dist/cli.js` is exercised by the demo and the pack check.
 */
export const WSDUMP_COMMAND: readonly string[] = [
  process.execPath,
  "--conditions=@wsclient/source",
  "--import",
  "tsx",
  join(pkgDir, "src", "cli.ts"),
];

/** What a wsdump run produced. */
export interface WsdumpRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs wsdump with `args`, writing `input` to its stdin (then closing it,
 * unless `keepStdinOpen`), and resolves when it exits. Kills it and rejects
 * after `timeoutMs`.
 */
export function runWsdump(
  args: string[],
  options: {
    input?: string | Buffer;
    keepStdinOpen?: boolean;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Called with the child once spawned (to send signals, write more …). */
    onSpawn?: (child: import("node:child_process").ChildProcess) => void;
  } = {},
): Promise<WsdumpRun> {
  const [cmd, ...pre] = WSDUMP_COMMAND as [string, ...string[]];
  const child = spawn(cmd, [...pre, ...args], {
    cwd: pkgDir,
    env: { ...(options.env ?? process.env), NO_COLOR: options.env?.NO_COLOR ?? "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.on("error", () => {});
  if (options.input !== undefined) child.stdin.write(options.input);
  if (!options.keepStdinOpen) child.stdin.end();
  options.onSpawn?.(child);
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `wsdump ${args.join(" ")} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
