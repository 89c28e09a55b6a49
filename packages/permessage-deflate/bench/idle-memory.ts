/**
 * Memory per idle connection with permessage-deflate, for the README:
 * `node --expose-gc --conditions=@wsclient/source --import tsx bench/idle-memory.ts [connections]`.
 *
 * A `ws` server with perMessageDeflate runs in a child process (its own zlib
 * memory stays out of the numbers). This process opens N connections
 * without compression, then N with it negotiated, then has each receive one
 * compressed message, then send one, and prints RSS and external memory per
 * connection after a forced GC at each step. Not a test: numbers vary with
 * the machine and Node version.
 */
import { spawn } from "node:child_process";
import { createConnection, type WebSocket } from "@wsclient/core";
import { permessageDeflate } from "../src/index.js";

const N = Number(process.argv[2] ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

const SERVER = `
const { WebSocketServer } = require("ws");
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: { threshold: 0 } });
wss.on("listening", () => console.log("PORT " + wss.address().port));
wss.on("connection", (ws) => ws.on("message", (d, b) => { if (String(d) === "send") ws.send("x".repeat(2000)); }));
`;
const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise<number>((resolve) => {
  child.stdout!.on("data", (c: Buffer) => {
    const m = /PORT (\d+)/.exec(String(c));
    if (m) resolve(Number(m[1]));
  });
});
const url = `ws://127.0.0.1:${port}/`;

function snapshot(): { rss: number; external: number } {
  for (let i = 0; i < 3; i++) gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, external: m.external };
}
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
let last = snapshot();
function report(step: string): void {
  const now = snapshot();
  console.log(
    `${step.padEnd(44)} rss ${kib((now.rss - last.rss) / N).padStart(10)}/conn   external ${kib((now.external - last.external) / N).padStart(10)}/conn`,
  );
  last = now;
}

const plain: WebSocket[] = [];
for (let i = 0; i < N; i++) plain.push(await createConnection(url, { compression: false }));
report(`${N} connections, no compression (warm-up)`);
for (let i = 0; i < N; i++) plain.push(await createConnection(url, { compression: false }));
report(`${N} more, no compression`);
const ext = permessageDeflate();
const deflate: WebSocket[] = [];
for (let i = 0; i < N; i++) deflate.push(await createConnection(url, { extensions: [ext] }));
report(`${N} more, permessage-deflate negotiated`);
for (const ws of deflate) {
  await ws.send("send");
  await ws.recv();
}
report("each received one compressed message");
for (const ws of deflate) await ws.send("y".repeat(2000));
await new Promise((r) => setTimeout(r, 500));
report("each sent one compressed message");
for (const ws of [...plain, ...deflate]) ws.abort();
child.kill();
