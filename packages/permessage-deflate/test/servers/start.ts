import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** A python interop server in a child process on a free loopback port. */
export interface PythonServer {
  url: string;
  stop: () => Promise<void>;
}

const PYTHON = "/usr/bin/python3";

/**
 * Starts `servers/<script>` with `config` (JSON, optional), waits (bounded)
 * for its "LISTENING <port>" line; `stop()` sends SIGTERM, then SIGKILL after 2 s.
 */
export async function startPython(script: string, config?: object): Promise<PythonServer> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const args = [path, "0", ...(config === undefined ? [] : [JSON.stringify(config)])];
  const child = spawn(PYTHON, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not listen within 10 s: ${stderr}`));
    }, 10_000);
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${stderr}`));
    });
  });
  return { url: `ws://127.0.0.1:${port}/`, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
  await exited;
  clearTimeout(timer);
}
