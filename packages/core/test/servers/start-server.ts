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

export type ServerKind = "ws" | "websockets" | "autobahn" | "websocketd";

/** The close code and reason a server received from the client (it prints one per connection). */
export interface CloseReport {
  code: number | null;
  reason: string | null;
}

export interface RunningServer {
  kind: ServerKind;
  /** `ws://127.0.0.1:<port>` (append a path). */
  url: string;
  port: number;
  /** Waits for the next "CLOSED" report the server prints (not for websocketd). */
  nextClose(timeoutMs?: number): Promise<CloseReport>;
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
        [`--port=${port}`, "--address=127.0.0.1", "--loglevel=info", `--dir=${here("./websocketd")}`],
      ];
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

async function startOnce(kind: ServerKind, timeoutMs: number): Promise<RunningServer> {
  const requested = kind === "websocketd" ? await freePort() : 0;
  const [file, args] = command(kind, requested);
  const child = spawn(file, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  const closes: CloseReport[] = [];
  const closeWaiters: ((report: CloseReport) => void)[] = [];
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
        clearTimeout(timer);
        resolve(requested);
      } else if (line.startsWith("CLOSED ")) {
        const report = JSON.parse(line.slice(7)) as CloseReport;
        const waiter = closeWaiters.shift();
        if (waiter) waiter(report);
        else closes.push(report);
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
    nextClose(waitMs = 5000) {
      const queued = closes.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise<CloseReport>((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = closeWaiters.indexOf(done);
          if (index >= 0) closeWaiters.splice(index, 1);
          reject(new Error(`${kind} reported no close within ${waitMs} ms`));
        }, waitMs);
        const done = (report: CloseReport): void => {
          clearTimeout(timer);
          resolve(report);
        };
        closeWaiters.push(done);
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
      return await startOnce(kind, timeoutMs);
    } catch (err) {
      lastError = err;
      if (kind !== "websocketd") break;
    }
  }
  throw lastError;
}
