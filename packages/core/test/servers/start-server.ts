/**
 * Starts one of the independent interop servers in a child process on a free
 * loopback port, waits (bounded) until it listens, and stops it again.
 *
 * Every server implements the same behaviour table (see websockets_server.py):
 * /echo, /headers, /subprotocol, /close?code=N&reason=R, /fragments, /ping;
 * websocketd only what a line-oriented program can do (see websocketd/).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export type ServerKind = "ws" | "websockets" | "autobahn" | "websocketd" | "flood";

/** The close code and reason a server received from the client (it prints one per connection). */
export interface CloseReport {
  /** The `id` query parameter of the connection's URL, if it had one. */
  id?: string | null;
  code: number | null;
  reason: string | null;
}

export interface RunningServer {
  kind: ServerKind;
  /** `ws://127.0.0.1:<port>` (append a path). */
  url: string;
  port: number;
  /**
   * Waits for the "CLOSED" report of the connection whose URL had `?id=<id>`
   * (not for websocketd). Resolves with `{ code, reason }` as the server saw them.
   */
  closeOf(id: string, timeoutMs?: number): Promise<{ code: number | null; reason: string | null }>;
  /** Kills the server: SIGTERM, then SIGKILL after 2 s. */
  stop(): Promise<void>;
}

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const PYTHON = "/usr/bin/python3";

/** A free loopback port (for websocketd, which cannot bind port 0 and say which it got). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function command(kind: ServerKind, port: number): [string, string[]] {
  switch (kind) {
    case "ws":
      return [process.execPath, [here("./ws-server.mjs"), String(port)]];
    case "websockets":
      return [PYTHON, [here("./websockets_server.py"), String(port)]];
    case "autobahn":
      return [PYTHON, [here("./autobahn_server.py"), String(port)]];
    case "websocketd":
      return [
        "/usr/bin/websocketd",
        [
          `--port=${port}`,
          "--address=127.0.0.1",
          "--loglevel=info",
          `--dir=${here("./websocketd")}`,
        ],
      ];
    case "flood":
      return [process.execPath, [here("./flood-server.mjs")]];
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
  await exited;
  clearTimeout(timer);
}

async function startOnce(
  kind: ServerKind,
  timeoutMs: number,
  [file, args]: [string, string[]],
  requested = 0,
): Promise<RunningServer> {
  const child = spawn(file, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  const closes = new Map<string, CloseReport>();
  const closeWaiters = new Map<string, (report: CloseReport) => void>();
  let output = "";

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${kind} did not listen within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onLine = (line: string): void => {
      const listening = /^LISTENING (\d+)$/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      } else if (kind === "websocketd" && line.includes("Starting WebSocket server")) {
        // websocketd logs this before it binds; a lost race for the port shows
        // up as "Can't start server" and an exit right after. Give it 500 ms.
        setTimeout(() => {
          clearTimeout(timer);
          if (child.exitCode === null && child.signalCode === null) resolve(requested);
        }, 500);
      } else if (kind === "websocketd" && line.includes("Can't start server")) {
        clearTimeout(timer);
        reject(new Error(`websocketd could not bind port ${requested}: ${line}`));
      } else if (line.startsWith("CLOSED ")) {
        const report = JSON.parse(line.slice(7)) as CloseReport;
        const id = report.id ?? "";
        const waiter = closeWaiters.get(id);
        if (waiter) waiter(report);
        else closes.set(id, report);
      }
    };
    const lineReader = (stream: NodeJS.ReadableStream): void => {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        output += chunk;
        if (output.length > 16384) output = output.slice(-16384);
        pending += chunk;
        let nl = pending.indexOf("\n");
        while (nl >= 0) {
          onLine(pending.slice(0, nl).trim());
          pending = pending.slice(nl + 1);
          nl = pending.indexOf("\n");
        }
      });
    };
    lineReader(child.stdout!);
    lineReader(child.stderr!);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code ?? signal}) before listening:\n${output}`));
    });
  }).catch(async (err: unknown) => {
    await stopChild(child);
    throw err;
  });

  return {
    kind,
    port,
    url: `ws://127.0.0.1:${port}`,
    closeOf(id, waitMs = 3000) {
      const strip = ({ code, reason }: CloseReport) => ({ code, reason });
      const known = closes.get(id);
      if (known) return Promise.resolve(strip(known));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          closeWaiters.delete(id);
          reject(new Error(`${kind} reported no close for id=${id} within ${waitMs} ms`));
        }, waitMs);
        closeWaiters.set(id, (report) => {
          clearTimeout(timer);
          closeWaiters.delete(id);
          resolve(strip(report));
        });
      });
    },
    stop: () => stopChild(child),
  };
}

/**
 * Starts `kind` and resolves once it listens on 127.0.0.1. websocketd needs a
 * port chosen up front, so a lost race for it is retried (3 attempts).
 */
export async function startServer(kind: ServerKind, timeoutMs = 15000): Promise<RunningServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const requested = kind === "websocketd" ? await freePort() : 0;
      return await startOnce(kind, timeoutMs, command(kind, requested), requested);
    } catch (err) {
      lastError = err;
      if (kind !== "websocketd") break;
    }
  }
  throw lastError;
}
