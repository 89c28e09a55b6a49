import type { CaseRun } from "../case-run";
import type { CaseEvent, CaseSpec } from "../case-types";
import { CLOSE_NORMAL } from "../close-codes";

/** Bytes from a string of code units 0-255 (Python 2 byte-string literals). */
export function bytes(s: string): Buffer {
  return Buffer.from(s, "latin1");
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Buffer {
  return Buffer.from(s, "utf8");
}

export const message = (payload: Buffer | string, binary = false): CaseEvent => [
  "message",
  typeof payload === "string" ? utf8(payload) : payload,
  binary,
];
export const pong = (payload: Buffer | string = ""): CaseEvent => [
  "pong",
  typeof payload === "string" ? utf8(payload) : payload,
];

/** The client is expected to echo `events`, then the server closes cleanly with 1000. */
export function expectEcho(run: CaseRun, events: CaseEvent[]): void {
  run.expected.set("OK", events);
  run.expectedClose = { closedByMe: true, closeCode: [CLOSE_NORMAL], requireClean: true };
}

/**
 * The client is expected to fail the connection with `code`; `nonStrict`
 * events are what a client that fails a little late still produced.
 */
export function expectFailure(
  run: CaseRun,
  code: number,
  ok: CaseEvent[] = [],
  nonStrict?: CaseEvent[],
  fatalIfWrongEndpoint = false,
): void {
  run.expected.set("OK", ok);
  if (nonStrict) run.expected.set("NON-STRICT", nonStrict);
  run.expectedClose = {
    closedByMe: false,
    closeCode: [code],
    requireClean: false,
    ...(fatalIfWrongEndpoint ? { closedByWrongEndpointIsFatal: true } : {}),
  };
}

/** A wrong close code from the client fails the case itself (close cases). */
export function wrongCodeFails(run: CaseRun): void {
  if (run.behaviorClose === "WRONG CODE") {
    run.behavior = "FAILED";
    run.result = run.resultClose;
  }
}

/** Build a spec list from rows, numbering ids under `prefix`. */
export function numbered(prefix: string, rows: Omit<CaseSpec, "id">[]): CaseSpec[] {
  return rows.map((row, i) => ({ ...row, id: `${prefix}.${i + 1}` }));
}
