/**
 * One side of the CPU benchmark in its own process (pinned to CPU 0):
 *
 *   node side.mjs <wsclient|ws|ws-bufferutil> <ms> [row-id,...]
 *
 * The peer is a {@link MemoryPeer} in this process, so no kernel and no
 * server share the measurement: each row runs for about `ms` (after a
 * warm-up of `ms` / 4) and reports messages (or MiB) per second of this
 * process's CPU time (`process.cpuUsage`, user + system, GC threads
 * included) — what the client itself costs. One JSON line per row:
 * `{"side","row","value"}`; last `{"side","bad"}`.
 */
import { createConnection } from "@wsclient/core";
import WebSocket from "ws";
import { burst } from "../client/burst.js";
import { CLIENT_ROWS, type ClientRow } from "../client/rows.js";
import { textString } from "../client/text-payload.js";
import { wsUsesBufferutil } from "../ws-internals.js";
import { MemoryPeer } from "./memory-peer.js";

const MiB = 1024 * 1024;
const [sideName = "", msArg = "1000", rowsArg = ""] = process.argv.slice(2);
const ms = Number(msArg);
const wanted = rowsArg ? new Set(rowsArg.split(",")) : null;
let bad = 0;

/** What a side does once per timed operation of a row. */
interface CpuSide {
  recv(wire: Buffer, size: number, count: number, text: boolean): Promise<void>;
  send(payload: Buffer, count: number): Promise<void>;
}

/** The length of the string `textPayload(size)` decodes to (computed once per size, not per operation). */
const textLengths = new Map<number, number>();
const textLength = (size: number): number => {
  let n = textLengths.get(size);
  if (n === undefined) {
    n = textString(size).length;
    textLengths.set(size, n);
  }
  return n;
};

/** Wire bytes of one masked client frame carrying `size` bytes. */
const clientFrameBytes = (size: number) => size + 4 + (size < 126 ? 2 : size < 65536 ? 4 : 10);

async function openWsclient(peer: MemoryPeer): Promise<CpuSide> {
  const ws = await createConnection("ws://bench.invalid/", { socket: peer, timeout: 30000 });
  return {
    async recv(wire, size, count, text) {
      peer.deliver(wire);
      const chars = text ? textLength(size) : -1;
      for (let i = 0; i < count; i++) {
        const msg = await ws.recv();
        if (text ? typeof msg !== "string" || msg.length !== chars : msg.length !== size) bad++;
      }
    },
    async send(payload, count) {
      const written = peer.received(count * clientFrameBytes(payload.length));
      for (let i = 0; i < count; i++) await ws.sendBinary(payload);
      await written;
    },
  };
}

async function openWs(peer: MemoryPeer): Promise<CpuSide> {
  const native = wsUsesBufferutil();
  if (native !== (sideName === "ws-bufferutil"))
    throw new Error(`${sideName}: ws bufferutil is ${native ? "loaded" : "NOT loaded"}`);
  const ws = new WebSocket("ws://bench.invalid/", {
    perMessageDeflate: false,
    createConnection: (() => peer) as never,
  });
  await new Promise((resolve) => ws.once("open", resolve));
  let want = 0;
  let size = 0;
  let chars = -1;
  let done: (() => void) | null = null;
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary ? data.length !== size : data.toString().length !== chars) bad++;
    if (--want === 0) done?.();
  });
  return {
    recv(wire, bytes, count, text) {
      want = count;
      size = bytes;
      chars = text ? textLength(bytes) : -1;
      const received = new Promise<void>((resolve) => {
        done = resolve;
      });
      peer.deliver(wire);
      return received;
    },
    async send(payload, count) {
      const written = peer.received(count * clientFrameBytes(payload.length));
      for (let i = 0; i < count; i++) ws.send(payload);
      await written;
    },
  };
}

/** Operations per CPU-second of `op` over about `ms` of wall time (after a warm-up). */
async function ratePerCpuSecond(op: () => Promise<void>): Promise<number> {
  const now = () => performance.now();
  for (let start = now(), i = 0; i < 3 || now() - start < ms / 4; i++) await op();
  const start = now();
  const cpu = process.cpuUsage();
  let ops = 0;
  do {
    await op();
    ops++;
  } while (now() - start < ms || ops < 3);
  const used = process.cpuUsage(cpu);
  return (ops * 1e6) / (used.user + used.system);
}

function operation(side: CpuSide, row: ClientRow): () => Promise<void> {
  if (row.kind === "send") {
    const payload = Buffer.alloc(row.size, 0x42);
    return () => side.send(payload, row.count);
  }
  const text = row.kind === "text";
  const wire = burst(text ? 1 : 2, row.size, row.count);
  return () => side.recv(wire, row.size, row.count, text);
}

const peer = new MemoryPeer();
const side = sideName === "wsclient" ? await openWsclient(peer) : await openWs(peer);
for (const row of CLIENT_ROWS) {
  if (row.kind === "echo" || (wanted !== null && !wanted.has(row.id))) continue;
  const ops = await ratePerCpuSecond(operation(side, row));
  const value = row.unit === "msgs/s" ? ops * row.count : (ops * row.count * row.size) / MiB;
  process.stdout.write(`${JSON.stringify({ side: sideName, row: row.id, value })}\n`);
}
process.stdout.write(`${JSON.stringify({ side: sideName, bad })}\n`);
process.exit(0);
