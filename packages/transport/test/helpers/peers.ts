import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";

/** A free loopback TCP port (released again; the caller binds it next). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on host:port; rejects after `timeoutMs`. */
export async function waitForPort(
  port: number,
  host = "127.0.0.1",
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host });
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until)
      throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A real peer started from a Debian binary. */
export interface Peer {
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `command args` and waits until it listens on `port`. */
export async function startPeer(command: string, args: string[], port: number): Promise<Peer> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (chunk: Buffer): void => {
    if (out.length < 64 * 1024) out += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error(`${command} exited early: ${out}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, process: child, output: () => out, stop };
}
