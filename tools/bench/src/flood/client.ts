/**
 * One client of the flood suite in its own process (bundled to plain node,
 * pinned to CPU 0), so its RSS is measured alone:
 *
 *   node client.mjs <wsclient|ws> <recv|send> <url> <delayMs> [readHighWaterMark]
 *
 * recv: take the URL's `count` messages one at a time, waiting `delayMs`
 * after each (wsclient: `await ws.recv()`; ws: the app-side queue its users
 * must write, since ws pushes every message as an event). send: send
 * `count` messages of `size` bytes to the server's slow /sink as fast as the
 * client lets them go (wsclient: `await ws.sendBinary()`; ws: `send()` in a
 * loop, as its users do), then wait for `done`.
 *
 * Samples `process.memoryUsage.rss()` every 10 ms and prints one JSON line:
 * baseline RSS (modules loaded, before connecting), peak sampled RSS, the
 * kernel's maxRSS, messages, bytes, in-order, elapsed ms.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createConnection } from "@wsclient/core";

const MiB = 1024 * 1024;
const [side = "", direction = "", url = "", delayArg = "2", hwmArg] = process.argv.slice(2);
/** wsclient's options: the library's default read high-water mark unless one was given. */
const options = hwmArg ? { timeout: 30000, readHighWaterMark: Number(hwmArg) } : { timeout: 30000 };
const delayMs = Number(delayArg);
const params = new URL(url).searchParams;
const size = Number(params.get("size"));
const total = Number(params.get("count"));

// ws is loaded before the baseline so both sides' baselines include their library.
const WebSocket = side === "ws" ? (await import("ws")).default : null;
const baselineRss = process.memoryUsage.rss();
let peakRss = baselineRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 10);

let messages = 0;
let bytes = 0;
let inOrder = true;

function take(data: Uint8Array): void {
  const seq = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (seq !== messages) inOrder = false;
  messages++;
  bytes += data.length;
}

async function recvWsclient(): Promise<void> {
  const ws = await createConnection(url, options);
  try {
    for (let i = 0; i < total; i++) {
      const msg = await ws.recv();
      if (typeof msg === "string") throw new Error("expected binary messages");
      take(msg);
      await sleep(delayMs);
    }
  } finally {
    ws.shutdown();
  }
}

async function recvWs(): Promise<void> {
  const ws = new WebSocket!(url, { perMessageDeflate: false });
  const queue: Buffer[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  ws.on("message", (data: Buffer) => {
    queue.push(data);
    wake?.();
  });
  ws.on("close", () => {
    closed = true;
    wake?.();
  });
  ws.on("error", (err) => {
    throw err;
  });
  while (messages < total) {
    if (queue.length === 0) {
      if (closed) throw new Error(`closed after ${messages} of ${total} messages`);
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = null;
      continue;
    }
    take(queue.shift()!);
    await sleep(delayMs);
  }
  ws.terminate();
}

async function sendWsclient(): Promise<void> {
  const payload = new Uint8Array(size);
  const ws = await createConnection(url, options);
  try {
    for (let i = 0; i < total; i++) {
      await ws.sendBinary(payload);
      messages++;
      bytes += size;
    }
    if ((await ws.recv()) !== "done") throw new Error("the sink did not say done");
  } finally {
    ws.shutdown();
  }
}

async function sendWs(): Promise<void> {
  const payload = Buffer.alloc(size);
  const ws = new WebSocket!(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const done = new Promise((resolve) => ws.once("message", resolve));
  for (let i = 0; i < total; i++) {
    ws.send(payload);
    messages++;
    bytes += size;
  }
  await done;
  ws.terminate();
}

const runs: Record<string, () => Promise<void>> = {
  "wsclient recv": recvWsclient,
  "ws recv": recvWs,
  "wsclient send": sendWsclient,
  "ws send": sendWs,
};
const run = runs[`${side} ${direction}`];
if (!run) throw new Error(`unknown side/direction: ${side} ${direction}`);
const started = Date.now();
await run();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
process.stdout.write(
  `${JSON.stringify({
    side,
    direction,
    messages,
    bytes,
    inOrder,
    baselineRssMiB: +(baselineRss / MiB).toFixed(1),
    peakRssMiB: +(peakRss / MiB).toFixed(1),
    maxRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    ms: Date.now() - started,
  })}\n`,
);
process.exit(0);
