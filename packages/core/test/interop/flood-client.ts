/**
 * The slow reader of the flood test, run in its own process so its RSS is
 * measured alone:
 *
 *   node flood-client.mjs <url> <wsclient|ws|wsclient-send|ws-send> [delayMs]
 *
 * (flood.test.ts bundles it with esbuild first; under tsx the process alone
 * is ~92 MiB RSS.) The `-send` modes are the other direction: send the
 * `size`×`count` of the URL's query to the server's slow /sink as fast as
 * the client lets them go, then wait for its "done".
 *
 * Takes one message, waits `delayMs` (default 2), takes the next, until the
 * server's close. Prints one JSON line: messages, bytes, whether the sequence
 * numbers were in order, peak RSS over the first 128 MiB and overall
 * (sampled every 20 ms and per message, and the kernel's
 * maxRSS), peak V8 heap and ArrayBuffer bytes (sampled), elapsed ms.
 *
 * `ws` mode is the contrast: ws pushes every message as an event, so a
 * consumer that is slower than the network has to queue them itself and
 * memory grows with everything the server sent ahead of it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createConnection } from "@wsclient/core";

const MiB = 1024 * 1024;
const [url, mode = "wsclient", delayArg = "2"] = process.argv.slice(2);
const delayMs = Number(delayArg);

let peakRss = process.memoryUsage.rss();
let peakHeap = 0;
let peakArrayBuffers = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapTotal);
  peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
}, 20);

interface Tally {
  messages: number;
  bytes: number;
  inOrder: boolean;
  /** Peak RSS while the first 128 MiB were read: where a bounded client plateaus. */
  earlyPeakRssMiB: number;
}

const EARLY_BYTES = 128 * MiB;

function count(tally: Tally, data: Uint8Array): void {
  const seq = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (seq !== tally.messages) tally.inOrder = false;
  track(tally, data.length);
}

function track(tally: Tally, length: number): void {
  tally.messages++;
  tally.bytes += length;
  if (tally.bytes <= EARLY_BYTES) {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    tally.earlyPeakRssMiB = +(peakRss / MiB).toFixed(1);
  }
}

async function withWsclient(tally: Tally): Promise<void> {
  const ws = await createConnection(url!, { timeout: 30000 });
  try {
    for (;;) {
      const [opcode, data] = await ws.recvData();
      if (opcode === 8) break;
      count(tally, data);
      await sleep(delayMs);
    }
  } finally {
    ws.shutdown();
  }
}

/**
 * What a ws user writes for "process one message every few ms": an app-side
 * queue. ws is imported only in this mode, so the wsclient run's RSS doesn't
 * include ws's modules.
 */
async function withWs(tally: Tally): Promise<void> {
  const { default: WebSocket } = await import("ws");
  return new Promise((resolve, reject) => {
    const queue: Buffer[] = [];
    let closed = false;
    let draining = false;
    const ws = new WebSocket(url!, { perMessageDeflate: false });
    const drain = async (): Promise<void> => {
      if (draining) return;
      draining = true;
      while (queue.length > 0) {
        count(tally, queue.shift()!);
        await sleep(delayMs);
      }
      draining = false;
      if (closed) resolve();
    };
    ws.on("message", (data: Buffer) => {
      queue.push(data);
      void drain();
    });
    ws.on("error", reject);
    ws.on("close", () => {
      closed = true;
      if (!draining) resolve();
    });
  });
}

/** The other direction: send `count` messages of `size` bytes (from the URL) to /sink, then wait for "done". */
async function sendWithWsclient(tally: Tally): Promise<void> {
  const { size, count: total } = sinkParams();
  const payload = new Uint8Array(size);
  const ws = await createConnection(url!, { timeout: 30000 });
  try {
    for (let i = 0; i < total; i++) {
      await ws.sendBinary(payload);
      track(tally, size);
    }
    if ((await ws.recv()) !== "done") throw new Error("the sink did not say done");
  } finally {
    ws.shutdown();
  }
}

/** ws has no send-side flow control: `send()` queues in memory, the usual loop just sends. */
async function sendWithWs(tally: Tally): Promise<void> {
  const { size, count: total } = sinkParams();
  const { default: WebSocket } = await import("ws");
  const payload = Buffer.alloc(size);
  const ws = new WebSocket(url!, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const done = new Promise((resolve) => ws.once("message", resolve));
  for (let i = 0; i < total; i++) {
    ws.send(payload);
    track(tally, size);
  }
  await done;
  ws.terminate();
}

function sinkParams(): { size: number; count: number } {
  const params = new URL(url!).searchParams;
  return { size: Number(params.get("size")), count: Number(params.get("count")) };
}

const modes: Record<string, (tally: Tally) => Promise<void>> = {
  wsclient: withWsclient,
  ws: withWs,
  "wsclient-send": sendWithWsclient,
  "ws-send": sendWithWs,
};

const tally: Tally = { messages: 0, bytes: 0, inOrder: true, earlyPeakRssMiB: 0 };
const started = Date.now();
try {
  const run = modes[mode];
  if (!run) throw new Error(`unknown mode ${mode}`);
  await run(tally);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: String(err), ...tally })}\n`);
  process.exit(1);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
process.stdout.write(
  `${JSON.stringify({
    mode,
    ...tally,
    peakRssMiB: +(peakRss / MiB).toFixed(1),
    maxRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    peakHeapMiB: +(peakHeap / MiB).toFixed(1),
    peakArrayBuffersMiB: +(peakArrayBuffers / MiB).toFixed(1),
    ms: Date.now() - started,
  })}\n`,
);
process.exit(0);
