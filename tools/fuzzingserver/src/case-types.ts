import type { CaseRun } from "./case-run";
import type { DeflateAgreement, DeflateOffer } from "./deflate";

/** The verdict on what the client did (Autobahn's `behavior`). */
export type Behavior = "OK" | "NON-STRICT" | "INFORMATIONAL" | "UNIMPLEMENTED" | "FAILED";

/** The verdict on how the connection ended (Autobahn's `behaviorClose`). */
export type CloseBehavior =
  | "OK"
  | "FAILED"
  | "WRONG CODE"
  | "UNCLEAN"
  | "FAILED BY CLIENT"
  | "INFORMATIONAL"
  | "UNIMPLEMENTED";

/** Something observed during a case, compared against the expected lists. */
export type CaseEvent =
  | readonly ["message", Buffer, boolean]
  | readonly ["ping", Buffer]
  | readonly ["pong", Buffer]
  | readonly ["timeout", string];

/** How the connection is expected to end. */
export interface ExpectedClose {
  /** Whether the server is the one to start the closing handshake. */
  closedByMe: boolean;
  /** Close codes the client may send (an absent code is accepted too). */
  closeCode: number[];
  /** Whether both close frames must have been exchanged. */
  requireClean: boolean;
  /** If the wrong endpoint closed, the whole case fails (UTF-8 cases). */
  closedByWrongEndpointIsFatal?: boolean;
}

/** One case of the catalogue: its id, texts, and how it plays. */
export interface CaseSpec {
  /** Autobahn's dotted id, e.g. `"6.4.1"`. */
  id: string;
  description: string;
  expectation: string;
  /** Do not start the closing handshake when the expected events are seen. */
  suppressClose?: boolean;
  /** Report the case's duration as a measurement (Autobahn's `reportTime`). */
  reportTime?: boolean;
  /** Choose permessage-deflate parameters from the client's offers (cases 12, 13); null declines. */
  acceptDeflate?(offers: DeflateOffer[]): DeflateAgreement | null;
  /** Set expectations and send; called once the connection is open. */
  onOpen(run: CaseRun): void;
  /** Replace the default message handling (record and maybe close). */
  onMessage?(run: CaseRun, payload: Buffer, binary: boolean): void;
  /** Adjust the verdicts after the standard grading. */
  afterGrade?(run: CaseRun): void;
}
