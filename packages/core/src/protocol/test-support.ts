// Helpers of the ClientProtocol tests (client-protocol*.test.ts).
import type { WebSocketException } from "@wsclient/errors";
import { encodeFrame } from "@wsclient/frame";
import { expect } from "vitest";
import { ClientProtocol } from "./client-protocol.js";
import type { ProtocolEvent } from "./events.js";
import { State } from "./state.js";

export const enc = new TextEncoder();
export const dec = new TextDecoder();
export const KEY = new Uint8Array([1, 2, 3, 4]);
export const fixedKey = () => KEY.slice();

export type Bytes = Uint8Array | string | number[];
export const bytes = (d: Bytes) =>
  typeof d === "string" ? enc.encode(d) : d instanceof Uint8Array ? d : new Uint8Array(d);
/** The message event a test expects. */
export const msg = (opcode: 1 | 2, data: Bytes, rsv1 = false) =>
  ({ type: "message", opcode, data: bytes(data), rsv1 }) as const;
/** The fragment event a test expects. */
export const frag = (
  opcode: 0 | 1 | 2,
  messageOpcode: 1 | 2,
  data: Bytes,
  fin: boolean,
  rsv1 = false,
) => ({ type: "fragment", opcode, messageOpcode, data: bytes(data), fin, rsv1 }) as const;
/** The ping or pong event a test expects. */
export const ctl = (type: "ping" | "pong", data: Bytes) => ({ type, data: bytes(data) });

/** A server frame: unmasked. */
export function server(opcode: number, payload: Bytes, fin = true, rsv1 = false): Uint8Array {
  return encodeFrame(opcode, bytes(payload), { fin, rsv1, maskKey: null });
}

/** A client frame masked with `key` (KEY unless given). */
export function client(opcode: number, payload: Bytes, fin = true, key = KEY): Uint8Array {
  return encodeFrame(opcode, bytes(payload), { fin, maskKey: key });
}

export const closePayload = (code: number, reason = "") => concat([code >> 8, code & 0xff], reason);
export const concat = (...parts: Bytes[]) => bytes(parts.flatMap((part) => [...bytes(part)]));

export function make(opts: ConstructorParameters<typeof ClientProtocol>[0] = {}) {
  return new ClientProtocol({ getMaskKey: fixedKey, ...opts });
}

export function sentBytes(p: ClientProtocol): Uint8Array {
  return concat(...p.dataToSend());
}

/** The single event, narrowed to `type` (fails when it is missing or of another type). */
export function only<T extends ProtocolEvent["type"]>(
  events: ProtocolEvent[],
  type: T,
): Extract<ProtocolEvent, { type: T }> {
  expect(events.map((e) => e.type)).toEqual([type]);
  return events[0] as Extract<ProtocolEvent, { type: T }>;
}

/** The last event, which must be an error; returns its error. */
export function lastError(events: ProtocolEvent[]): WebSocketException {
  const last = events.at(-1);
  expect(last?.type).toBe("error");
  return (last as Extract<ProtocolEvent, { type: "error" }>).error;
}

/**
 * The failure contract: the violation queued nothing, `fail(error.closeCode)`
 * queues exactly the close frame with that code and moves to CLOSING.
 */
export function expectFailsWith(p: ClientProtocol, error: WebSocketException, code: number): void {
  expect(error.closeCode).toBe(code);
  expect(p.failure).toBe(error);
  expect(p.hasDataToSend).toBe(false);
  expect(p.dataToSend()).toEqual([]);
  expect(p.state).toBe(State.OPEN);
  p.fail(error.closeCode!);
  expect(sentBytes(p)).toEqual(client(8, closePayload(code)));
  expect(p.state).toBe(State.CLOSING);
}

/** Feeds `stream` cut at `cuts` (positions taken modulo its length + 1). */
export function feedCut(p: ClientProtocol, stream: Uint8Array, cuts: number[]): void {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  let last = 0;
  for (const at of [...points, stream.length]) {
    p.receiveData(stream.slice(last, at)); // a copy: each chunk has its own buffer
    last = at;
  }
}

/** Events in a comparable form (an error by its class and close code). */
export function normalize(events: ProtocolEvent[]): unknown[] {
  return events.map((e) =>
    e.type === "error"
      ? { type: "error", name: e.error.name, closeCode: e.error.closeCode }
      : "data" in e
        ? { ...e, data: [...e.data] }
        : e,
  );
}

/** Overlong, surrogate, over U+10FFFF, never valid, truncated. */
export const BAD_UTF8 = [
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff],
  [0xe2, 0x82],
];
