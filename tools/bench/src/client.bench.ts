/**
 * Client over loopback: `@wsclient/core` and the `ws` client, each with one
 * connection to the same server (client-server.ts, its own process), timed
 * alternately by measurePair. Every operation is a request and its answer, so
 * neither connection has traffic while the other is being timed:
 *
 * - recv: ask for a burst of N binary messages, take all N;
 * - send: announce N, send N binary messages, wait for the server's `done`;
 * - echo: send one 1 KiB message and wait for it to come back.
 *
 * Each side is used the way its users would: wsclient awaits `recv()` and
 * `sendBinary()` per message; ws counts 'message' events and calls `send()`
 * without waiting (it has no send-side flow control).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createConnection, type WebSocket as WsclientSocket } from "@wsclient/core";
import WebSocket from "ws";
import type { BenchCase, BenchSuite } from "./suite.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES: [string, number][] = [
  ["16 B", 16],
  ["1 KiB", KiB],
  ["64 KiB", 64 * KiB],
  ["1 MiB", MiB],
];

/** Messages per operation: about 1 MiB of payload, at least 4, at most 2048 messages. */
const countFor = (size: number): number => Math.max(4, Math.min(2048, Math.floor(MiB / size)));

/** Starts client-server.ts in a child process; resolves with it and its port (15 s bound). */
async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL("./client-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bench server did not listen in 15 s")), 15000);
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited (${code}) before listening`));
    });
  });
  return { child, port };
}

/** The ws client with "wait for the next n messages" on top of its events. */
class WsSide {
  #want = 0;
  #size = -1;
  #bad = 0;
  #resolve: (() => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary && this.#size >= 0 && data.length !== this.#size) this.#bad++;
      if (--this.#want === 0) {
        const resolve = this.#resolve;
        this.#resolve = null;
        resolve?.();
      }
    });
  }

  static async open(url: string): Promise<WsSide> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await once(ws, "open");
    return new WsSide(ws);
  }

  /** Resolves after `n` more messages (binary ones checked to be `size` bytes). */
  next(n: number, size: number): Promise<void> {
    this.#want = n;
    this.#size = size;
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  get bad(): number {
    return this.#bad;
  }
}

let server: ChildProcess | null = null;
let ours: WsclientSocket | null = null;
let theirs: WsSide | null = null;

function recvCase(label: string, size: number, a: WsclientSocket, b: WsSide): BenchCase {
  const n = countFor(size);
  const command = `burst ${size} ${n}`;
  let badOurs = 0;
  return {
    row: `recv ${label} messages (${n} per op)`,
    bytesPerOp: size * n,
    ours: async () => {
      await a.sendText(command);
      for (let i = 0; i < n; i++) {
        const msg = await a.recv();
        if (typeof msg === "string" || msg.length !== size) badOurs++;
      }
    },
    theirs: () => {
      const done = b.next(n, size);
      b.ws.send(command);
      return done;
    },
    verify: () => {
      if (badOurs || b.bad)
        throw new Error(`wrong message sizes: wsclient ${badOurs}, ws ${b.bad}`);
    },
  };
}

function sendCase(label: string, size: number, a: WsclientSocket, b: WsSide): BenchCase {
  const n = countFor(size);
  const command = `count ${n}`;
  const payload = Buffer.alloc(size, 0x61);
  let badOurs = 0;
  return {
    row: `send ${label} messages (${n} per op)`,
    bytesPerOp: size * n,
    ours: async () => {
      await a.sendText(command);
      for (let i = 0; i < n; i++) await a.sendBinary(payload);
      if ((await a.recv()) !== "done") badOurs++;
    },
    theirs: () => {
      const done = b.next(1, -1);
      b.ws.send(command);
      for (let i = 0; i < n; i++) b.ws.send(payload);
      return done;
    },
    verify: () => {
      if (badOurs) throw new Error(`wsclient got ${badOurs} wrong answers`);
    },
  };
}

function echoCase(a: WsclientSocket, b: WsSide): BenchCase {
  const payload = Buffer.alloc(KiB, 0x62);
  let badOurs = 0;
  return {
    row: "1 KiB echo round trip (ops/s = 1 / latency)",
    ours: async () => {
      await a.sendBinary(payload);
      const msg = await a.recv();
      if (typeof msg === "string" || msg.length !== KiB) badOurs++;
    },
    theirs: () => {
      const done = b.next(1, KiB);
      b.ws.send(payload);
      return done;
    },
    verify: () => {
      if (badOurs || b.bad) throw new Error(`wrong echo sizes: wsclient ${badOurs}, ws ${b.bad}`);
    },
  };
}

export const clientSuite: BenchSuite = {
  name: "client",
  title: "Client over loopback: @wsclient/core vs ws client, same server (own process)",
  async setup() {
    const started = await startServer();
    server = started.child;
    const url = `ws://127.0.0.1:${started.port}/`;
    ours = await createConnection(url, { timeout: 30000 });
    theirs = await WsSide.open(url);
    const a = ours;
    const b = theirs;
    return [
      ...SIZES.map(([label, size]) => recvCase(label, size, a, b)),
      ...SIZES.map(([label, size]) => sendCase(label, size, a, b)),
      echoCase(a, b),
    ];
  },
  async teardown() {
    ours?.shutdown();
    theirs?.ws.terminate();
    if (server && server.exitCode === null) {
      const exited = once(server, "exit");
      server.kill("SIGTERM");
      await exited;
    }
    server = null;
  },
};
