import { isUtf8 } from "node:buffer";
import type { CaseEvent } from "./case-types";

function sameEvent(a: CaseEvent, b: CaseEvent): boolean {
  if (a[0] !== b[0]) return false;
  if (a[0] === "timeout") return a[1] === b[1];
  if (!(a[1] as Buffer).equals(b[1] as Buffer)) return false;
  return a[0] !== "message" || a[2] === b[2];
}

/** Exact equality of two event lists: same kinds, payloads and flags, in order. */
export function sameEvents(a: readonly CaseEvent[], b: readonly CaseEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameEvent(a[i]!, b[i]!)) return false;
  return true;
}

const SHOWN = 200;

function showPayload(data: Buffer): string {
  const head = data.subarray(0, SHOWN);
  const text = isUtf8(head) ? head.toString("utf8") : `0x${head.toString("hex")}`;
  return data.length > SHOWN ? `${text}... (${data.length} octets)` : text;
}

/** An event as it appears in the JSON report. */
export function eventToJson(e: CaseEvent): unknown[] {
  if (e[0] === "timeout") return [...e];
  if (e[0] === "message") return ["message", showPayload(e[1]), e[2]];
  return [e[0], showPayload(e[1])];
}
