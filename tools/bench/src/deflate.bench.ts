/**
 * Compressed throughput over loopback: `@wsclient/core` with
 * `@wsclient/permessage-deflate` (its defaults) and the `ws` client with
 * `perMessageDeflate: true` (its defaults), one connection each to the same
 * server (deflate-server.ts, its own process, pre-compressed frames):
 *
 * - recv: ask for a burst of N compressed JSON-like text messages, take all N
 *   (the client inflates them);
 * - send: announce N, send N JSON-like text messages (the client deflates
 *   each on its own, client_no_context_takeover, both at zlib level 6 with a
 *   1024-byte threshold), wait for `done`.
 *
 * Each side is used the way its users would: wsclient awaits `recv()` and
 * `sendText()` per message; ws counts 'message' events and calls `send()`
 * without waiting.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createConnection, type WebSocket as WsclientSocket } from "@wsclient/core";
import { permessageDeflate } from "@wsclient/permessage-deflate";
import WebSocket from "ws";
import { jsonText } from "./json-text.js";
import type { BenchCase, BenchSuite } from "./suite.js";

const KiB = 1024;
const SIZES: [string, number][] = [
  ["1 KiB", KiB],
  ["64 KiB", 64 * KiB],
];

/** Messages per operation: about 1 MiB of text, at least 8, at most 1024 messages. */
const countFor = (size: number): number =>
  Math.max(8, Math.min(1024, Math.floor((1024 * KiB) / size)));

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL("./deflate-server.ts", import.meta.url));
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
    ws.on("message", (data: Buffer) => {
      if (this.#size >= 0 && data.length !== this.#size) this.#bad++;
      if (--this.#want === 0) {
        const resolve = this.#resolve;
        this.#resolve = null;
        resolve?.();
      }
    });
  }

  static async open(url: string): Promise<WsSide> {
    const ws = new WebSocket(url, { perMessageDeflate: true });
    await once(ws, "open");
    if (!ws.extensions.startsWith("permessage-deflate")) {
      throw new Error(`ws negotiated "${ws.extensions}"`);
    }
    return new WsSide(ws);
  }

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
    row: `recv ${label} compressed JSON text (${n} per op)`,
    bytesPerOp: size * n,
    ours: async () => {
      await a.sendText(command);
      for (let i = 0; i < n; i++) {
        const msg = await a.recv();
        if (typeof msg !== "string" || msg.length !== size) badOurs++;
      }
    },
    theirs: () => {
      const done = b.next(n, size);
      b.ws.send(command);
      return done;
    },
    verify: () => {
      if (badOurs || b.bad) throw new Error(`wrong messages: wsclient ${badOurs}, ws ${b.bad}`);
    },
  };
}

function sendCase(label: string, size: number, a: WsclientSocket, b: WsSide): BenchCase {
  const n = countFor(size);
  const command = `count ${n}`;
  const text = jsonText(size);
  let badOurs = 0;
  return {
    row: `send ${label} JSON text, compressed (${n} per op)`,
    bytesPerOp: size * n,
    ours: async () => {
      await a.sendText(command);
      for (let i = 0; i < n; i++) await a.sendText(text);
      if ((await a.recv()) !== "done") badOurs++;
    },
    theirs: () => {
      const done = b.next(1, -1);
      b.ws.send(command);
      for (let i = 0; i < n; i++) b.ws.send(text);
      return done;
    },
    verify: () => {
      if (badOurs) throw new Error(`wsclient got ${badOurs} wrong answers`);
    },
  };
}

export const deflateSuite: BenchSuite = {
  name: "deflate",
  title:
    "permessage-deflate over loopback: @wsclient/core + @wsclient/permessage-deflate vs ws client, perMessageDeflate on (defaults)",
  async setup() {
    const started = await startServer();
    server = started.child;
    const url = `ws://127.0.0.1:${started.port}/`;
    ours = await createConnection(url, { timeout: 30000, extensions: [permessageDeflate()] });
    if (!ours.headers?.["sec-websocket-extensions"]?.startsWith("permessage-deflate")) {
      throw new Error("wsclient did not negotiate permessage-deflate");
    }
    theirs = await WsSide.open(url);
    const a = ours;
    const b = theirs;
    return [
      ...SIZES.map(([label, size]) => recvCase(label, size, a, b)),
      ...SIZES.map(([label, size]) => sendCase(label, size, a, b)),
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
