import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { waitForPort } from "./wait-listening.js";

/** A real peer started from a Debian binary. */
export interface Peer {
  port: number;
  process: ChildProcess;
  /** What the process printed on stdout and stderr (first 64 KiB). */
  output: () => string;
  /** Stops the process (SIGTERM, SIGKILL after 3 s) and removes its temp files. */
  stop: () => Promise<void>;
}

/**
 * Starts `command args` and waits until it listens on 127.0.0.1:`port`;
 * `cleanup` runs after the process has stopped (also when it failed to start).
 */
export async function startPeer(
  command: string,
  args: string[],
  port: number,
  cleanup: () => void = () => {},
): Promise<Peer> {
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
    cleanup();
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

function tempDir(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `wsclient-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** tinyproxy (Debian) on a free loopback port: HTTP CONNECT with Basic auth. */
export async function startTinyproxy(user: string, password: string): Promise<Peer> {
  const { dir, remove } = tempDir("tinyproxy");
  const port = await freePort();
  const conf = join(dir, "tinyproxy.conf");
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      "Listen 127.0.0.1",
      "Timeout 30",
      "MaxClients 50",
      `BasicAuth ${user} ${password}`,
      "LogLevel Info",
      "Allow 127.0.0.1",
      `PidFile "${join(dir, "tinyproxy.pid")}"`,
      "",
    ].join("\n"),
  );
  return startPeer("tinyproxy", ["-d", "-c", conf], port, remove);
}

/**
 * squid (Debian) on a free loopback port: HTTP CONNECT with Basic auth checked
 * by `basic_ncsa_auth` against an htpasswd file made with `openssl passwd -apr1`.
 */
export async function startSquid(user: string, password: string): Promise<Peer> {
  const { dir, remove } = tempDir("squid");
  chmodSync(dir, 0o755);
  const port = await freePort();
  const hash = execFileSync("openssl", ["passwd", "-apr1", password], { encoding: "utf8" }).trim();
  const passwd = join(dir, "passwd");
  writeFileSync(passwd, `${user}:${hash}\n`, { mode: 0o644 });
  const root = process.getuid?.() === 0;
  if (root) {
    // squid drops to the `proxy` user, which must write its log and pid here.
    const uid = Number(execFileSync("id", ["-u", "proxy"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, -1);
  }
  const conf = join(dir, "squid.conf");
  writeFileSync(
    conf,
    [
      `http_port 127.0.0.1:${port}`,
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${passwd}`,
      "auth_param basic children 2 startup=1 idle=1",
      "auth_param basic realm wsclient-test",
      "acl authed proxy_auth REQUIRED",
      "http_access allow authed",
      "http_access deny all",
      "cache deny all",
      "cache_mem 8 MB",
      "access_log none",
      `cache_log ${join(dir, "cache.log")}`,
      `pid_filename ${join(dir, "squid.pid")}`,
      `coredump_dir ${dir}`,
      "shutdown_lifetime 0 seconds",
      ...(root ? ["cache_effective_user proxy"] : []),
      "",
    ].join("\n"),
  );
  return startPeer("squid", ["-N", "-f", conf], port, remove);
}

/** microsocks (Debian) on a free loopback port: SOCKS5 with username/password. */
export async function startMicrosocks(user: string, password: string): Promise<Peer> {
  const port = await freePort();
  return startPeer(
    "microsocks",
    ["-i", "127.0.0.1", "-p", String(port), "-u", user, "-P", password],
    port,
  );
}

/** Dante's danted (Debian) on a free loopback port: SOCKS4 and SOCKS5 without auth. */
export async function startDante(): Promise<Peer> {
  const { dir, remove } = tempDir("dante");
  const port = await freePort();
  const conf = join(dir, "danted.conf");
  writeFileSync(
    conf,
    [
      "logoutput: stderr",
      `internal: 127.0.0.1 port = ${port}`,
      "external: 127.0.0.1",
      "clientmethod: none",
      "socksmethod: none",
      "user.privileged: root",
      "user.unprivileged: nobody",
      "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }",
      "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 protocol: tcp }",
      "",
    ].join("\n"),
  );
  return startPeer("danted", ["-f", conf, "-N", "1", "-p", join(dir, "danted.pid")], port, remove);
}
