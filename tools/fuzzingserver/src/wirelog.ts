/**
 * The wire log of one case, in Autobahn's tuple style: `["TF", [len, text],
 * opcode, fin, rsv, ...]` for a frame sent, `["RF", ...]` for a frame
 * received, `["CT", delay, tag]` / `["CTE", tag]` for a deferred step,
 * `["KL", delay]` / `["KLE"]` for the kill timer, `["TI", delay]` / `["TIE"]`
 * for the close timer. Payloads are cut to a preview and the log to a number
 * of entries, so a 16 MiB case or 65536 fragments keep the report small.
 */
export type WireEntry = readonly unknown[];

const PREVIEW_BYTES = 64;

/** A printable preview of a payload: its length and the first bytes as text, or hex when not printable. */
export function preview(data: Uint8Array): [number, string] {
  const head = Buffer.from(data.subarray(0, PREVIEW_BYTES));
  const printable = head.every((b) => b >= 0x20 && b < 0x7f);
  const text = printable ? head.toString("latin1") : `0x${head.toString("hex")}`;
  return [data.length, data.length > PREVIEW_BYTES ? `${text}...` : text];
}

export class WireLog {
  readonly entries: WireEntry[] = [];
  private dropped = 0;
  enabled = true;

  constructor(private readonly maxEntries = 400) {}

  /** Whether an entry would be kept (lets callers skip building it). */
  get recording(): boolean {
    return this.enabled && this.entries.length < this.maxEntries;
  }

  add(entry: WireEntry): void {
    if (!this.enabled) return;
    if (this.entries.length < this.maxEntries) this.entries.push(entry);
    else this.dropped++;
  }

  /** The log as stored in the report, with a marker for what was left out. */
  toJSON(): WireEntry[] {
    return this.dropped > 0
      ? [...this.entries, ["TRUNCATED", `${this.dropped} more entries not logged`]]
      : this.entries;
  }
}
