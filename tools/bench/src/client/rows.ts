/**
 * The rows of the client benchmark, shared by the orchestrator (client.bench.ts)
 * and every side process (client/side-main.ts), so both agree on sizes and counts.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** What one row measures. */
export type RowKind = "recv" | "text" | "echo" | "send";

/** One row of the table. */
export interface ClientRow {
  /** Stable id, used in the side processes' JSON lines. */
  id: string;
  /** The label printed in the table. */
  label: string;
  kind: RowKind;
  /** `msgs/s` (recv 16 B), `MiB/s`, or `µs` (echo p50, lower is better). */
  unit: "msgs/s" | "MiB/s" | "µs";
  /** Payload bytes per message. */
  size: number;
  /** Messages per timed operation (one request and its answer). */
  count: number;
}

/** Messages per operation: about 1 MiB of payload, at least 4, at most 2048 messages. */
const countFor = (size: number): number => Math.max(4, Math.min(2048, Math.floor(MiB / size)));

const SIZES: [string, number][] = [
  ["16 B", 16],
  ["1 KiB", KiB],
  ["64 KiB", 64 * KiB],
  ["1 MiB", MiB],
];

/** Every row, in table order. */
export const CLIENT_ROWS: ClientRow[] = [
  ...SIZES.map(
    ([label, size]): ClientRow => ({
      id: `recv-${size}`,
      label: `recv ${label}`,
      kind: "recv",
      unit: size === 16 ? "msgs/s" : "MiB/s",
      size,
      count: countFor(size),
    }),
  ),
  {
    id: "text-65536",
    label: "text 64 KiB (multi-byte UTF-8, validated, as string)",
    kind: "text",
    unit: "MiB/s",
    size: 64 * KiB,
    count: 16,
  },
  { id: "echo-1024", label: "echo 1 KiB p50", kind: "echo", unit: "µs", size: KiB, count: 1 },
  ...SIZES.map(
    ([label, size]): ClientRow => ({
      id: `send-${size}`,
      label: `send ${label}`,
      kind: "send",
      unit: "MiB/s",
      size,
      count: countFor(size),
    }),
  ),
];

/** Wire bytes of one server-to-client (unmasked) frame carrying `size` payload bytes. */
export function wireBytes(size: number): number {
  return (size < 126 ? 2 : size < 65536 ? 4 : 10) + size;
}
