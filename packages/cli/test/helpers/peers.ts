// Minimal start logic for Debian proxies (same approach as transport's test
// helpers, kept here so the CLI tests stand alone).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: "127.0.0.1" });
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until)
      throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A proxy process started from a Debian binary. */
export interface Peer {
  port: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function startPeer(
  command: string,
  args: string[],
  port: number,
  cleanup = (): void => {},
): Promise<Peer> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (d: Buffer): void => {
    if (out.length < 64 * 1024) out += d.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    }
    cleanup();
  };
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error(`${command} exited early: ${out}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, process: child, output: () => out, stop };
}

/** tinyproxy: HTTP CONNECT with Basic auth on a free loopback port. */
export async function startTinyproxy(user: string, password: string): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), "wsdump-tinyproxy-"));
  const port = await freePort();
  const conf = join(dir, "tinyproxy.conf");
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      "Listen 127.0.0.1",
      "Timeout 30",
      "MaxClients 20",
      `BasicAuth ${user} ${password}`,
      "LogLevel Info",
      "Allow 127.0.0.1",
      `PidFile "${join(dir, "tinyproxy.pid")}"`,
      "",
    ].join("\n"),
  );
  return startPeer("tinyproxy", ["-d", "-c", conf], port, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/** microsocks: SOCKS5 with username/password on a free loopback port. */
export async function startMicrosocks(user: string, password: string): Promise<Peer> {
  const port = await freePort();
  return startPeer(
    "microsocks",
    ["-i", "127.0.0.1", "-p", String(port), "-u", user, "-P", password],
    port,
  );
}
