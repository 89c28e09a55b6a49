import { formatClosePayload } from "@wsclient/frame";

/** How one connection ended. */
export type End =
  | { kind: "closed"; code: number | null; reason: string; byUs: boolean }
  | { kind: "error"; error: unknown };

/** What wsdump prints of a frame (a received `ABNF`, or one we sent). */
export interface FrameLike {
  fin: number;
  rsv1: number;
  rsv2: number;
  rsv3: number;
  opcode: number;
  data: Uint8Array;
}

/** A frame we sent, for the `-v` line. */
export function fakeFrame(opcode: number, data: Uint8Array): FrameLike {
  return { fin: 1, rsv1: 0, rsv2: 0, rsv3: 0, opcode, data };
}

/** The close payload we send, for the `-v` line (frame's formatter; empty if it refuses). */
export function closePayloadOrEmpty(code: number, reason: string): Uint8Array {
  try {
    return formatClosePayload(code, reason);
  } catch {
    return new Uint8Array(0);
  }
}
