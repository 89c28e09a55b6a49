/**
 * One side of the client benchmark in its own process (bundled to plain
 * node by client/bundle.ts, pinned to CPU 0 by the orchestrator):
 *
 *   node side.mjs <wsclient|ws|ws-bufferutil|raw-onread|raw-data> <port> <ms> [row-id,...]
 *
 * Times every row the side supports against client/server.ts for about
 * `ms` each (after a warm-up of `ms` / 4) and prints one JSON line per row:
 * `{"side","row","value"}`; `value` is in the row's unit. The wsclient
 * process also measures Node's own `Buffer#toString("utf8")` on the text
 * payload (side `tostring`). Last line: `{"side","bad"}` (wrong answers).
 */
import { wsUsesBufferutil } from "../ws-internals.js";
import { CLIENT_ROWS, type ClientRow } from "./rows.js";
import type { Side } from "./side.js";
import { openRaw } from "./side-raw.js";
import { openWs } from "./side-ws.js";
import { openWsclient } from "./side-wsclient.js";
import { textPayload } from "./text-payload.js";

const MiB = 1024 * 1024;
const [sideName = "", portArg = "0", msArg = "1000", rowsArg = ""] = process.argv.slice(2);
const port = Number(portArg);
const ms = Number(msArg);
const wanted = rowsArg ? new Set(rowsArg.split(",")) : null;
const url = `ws://127.0.0.1:${port}/`;

const emit = (line: object): void => {
  process.stdout.write(`${JSON.stringify({ side: sideName, ...line })}\n`);
};

async function open(): Promise<Side> {
  switch (sideName) {
    case "wsclient":
      return openWsclient(url);
    case "ws":
    case "ws-bufferutil": {
      const native = wsUsesBufferutil();
      if (native !== (sideName === "ws-bufferutil"))
        throw new Error(`${sideName}: ws bufferutil is ${native ? "loaded" : "NOT loaded"}`);
      return openWs(url);
    }
    case "raw-onread":
      return openRaw(port, "onread");
    case "raw-data":
      return openRaw(port, "data");
    default:
      throw new Error(`unknown side ${sideName}`);
  }
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `op` for a quarter of `ms` (at least 3 times) so the JIT has settled before timing. */
async function warmUp(op: () => Promise<void>): Promise<void> {
  const start = now();
  for (let i = 0; i < 3 || now() - start < ms / 4; i++) await op();
}

/** Operations per second of `op` over about `ms` (after a warm-up). */
async function rate(op: () => Promise<void>): Promise<number> {
  await warmUp(op);
  const start = now();
  let ops = 0;
  let elapsed = 0;
  do {
    await op();
    ops++;
    elapsed = now() - start;
  } while (elapsed < ms || ops < 3);
  return (ops * 1000) / elapsed;
}

/** Median µs of single round trips over about `ms` (after 200 warm-up trips). */
async function medianTrip(op: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 200; i++) await op();
  const trips: number[] = [];
  const start = now();
  while (now() - start < ms || trips.length < 100) {
    const t0 = now();
    await op();
    trips.push((now() - t0) * 1000);
  }
  trips.sort((a, b) => a - b);
  return trips[trips.length >> 1]!;
}

/** Node's own UTF-8 decode of the text payload, MiB/s (the text row's reference). */
function toStringRate(size: number): number {
  const payload = textPayload(size);
  let chars = 0;
  for (let i = 0; i < 200; i++) chars += payload.toString("utf8").length;
  const start = now();
  let ops = 0;
  while (now() - start < ms) {
    for (let i = 0; i < 50; i++) chars += payload.toString("utf8").length;
    ops += 50;
  }
  if (chars === 0) throw new Error("unreachable");
  return (ops * size) / MiB / ((now() - start) / 1000);
}

async function measure(side: Side, row: ClientRow): Promise<number | null> {
  const perOp = row.unit === "msgs/s" ? row.count : (row.count * row.size) / MiB;
  switch (row.kind) {
    case "recv":
      return perOp * (await rate(() => side.recv(row.size, row.count)));
    case "text":
      if (!side.recvText) return null;
      return perOp * (await rate(() => side.recvText!(row.size, row.count)));
    case "echo": {
      if (!side.echo) return null;
      const payload = Buffer.alloc(row.size, 0x62);
      return medianTrip(() => side.echo!(payload));
    }
    case "send": {
      if (!side.send) return null;
      const payload = Buffer.alloc(row.size, 0x61);
      return perOp * (await rate(() => side.send!(payload, row.count)));
    }
  }
}

const side = await open();
for (const row of CLIENT_ROWS) {
  if (wanted && !wanted.has(row.id)) continue;
  const value = await measure(side, row);
  if (value !== null) emit({ row: row.id, value });
  if (row.kind === "text" && sideName === "wsclient")
    process.stdout.write(
      `${JSON.stringify({ side: "tostring", row: row.id, value: toStringRate(row.size) })}\n`,
    );
}
emit({ bad: side.bad });
side.close();
process.exit(side.bad === 0 ? 0 : 1);
