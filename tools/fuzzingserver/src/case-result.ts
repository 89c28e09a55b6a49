import type { CaseRun } from "./case-run";
import type { Behavior, CloseBehavior, ExpectedClose } from "./case-types";
import { eventToJson } from "./events";

/** Everything the report keeps about one case played by one agent. */
export interface CaseResult {
  agent: string;
  id: string;
  /** The case's 1-based number in the server's selection. */
  case: number;
  description: string;
  expectation: string;
  behavior: Behavior;
  behaviorClose: CloseBehavior;
  result: string;
  resultClose: string;
  duration: number;
  started: string;
  reportTime: boolean;
  expected: Record<string, unknown[]>;
  expectedClose: ExpectedClose;
  received: unknown[];
  closedByMe: boolean;
  failedByMe: boolean;
  droppedByMe: boolean;
  wasClean: boolean;
  wasNotCleanReason: string | null;
  localCloseCode: number | null;
  localCloseReason: string | null;
  remoteCloseCode: number | null;
  remoteCloseReason: string | null;
  httpRequest: string;
  httpResponse: string;
  txFrameStats: Record<number, number>;
  rxFrameStats: Record<number, number>;
  txOctets: number;
  rxOctets: number;
  wirelog: unknown[];
  reportfile: string;
}

/** The report file stem of a case for an agent, as Autobahn names it. */
export function reportStem(agent: string, id: string): string {
  const who = agent.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  return `${who}_case_${id.replace(/\./g, "_")}`;
}

export function toResult(
  run: CaseRun,
  agent: string,
  index: number,
  httpRequest: string,
  httpResponse: string,
): CaseResult {
  const p = run.p;
  const expected: Record<string, unknown[]> = {};
  for (const [k, events] of run.expected) expected[k] = events.map(eventToJson);
  return {
    agent,
    id: run.spec.id,
    case: index,
    description: run.spec.description,
    expectation: run.spec.expectation,
    behavior: run.behavior,
    behaviorClose: run.behaviorClose,
    result: run.result,
    resultClose: run.resultClose,
    duration: run.duration,
    started: new Date(run.started).toISOString(),
    reportTime: run.spec.reportTime ?? false,
    expected,
    expectedClose: run.expectedClose,
    received: run.received.map(eventToJson),
    closedByMe: p.closedByMe,
    failedByMe: p.failedByMe,
    droppedByMe: p.droppedByMe,
    wasClean: p.wasClean,
    wasNotCleanReason: p.wasNotCleanReason,
    localCloseCode: p.localCloseCode,
    localCloseReason: p.localCloseReason,
    remoteCloseCode: p.remoteCloseCode,
    remoteCloseReason: p.remoteCloseReason,
    httpRequest,
    httpResponse,
    txFrameStats: p.txFrameStats,
    rxFrameStats: p.rxFrameStats,
    txOctets: p.txOctets,
    rxOctets: p.rxOctets,
    wirelog: p.wirelog.toJSON() as unknown[],
    reportfile: `${reportStem(agent, run.spec.id)}.json`,
  };
}
