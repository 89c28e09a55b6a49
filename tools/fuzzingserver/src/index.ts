export type { CaseResult } from "./case-result";
export { reportStem } from "./case-result";
export type { CaseRun } from "./case-run";
export type { Behavior, CaseEvent, CaseSpec, CloseBehavior, ExpectedClose } from "./case-types";
export { applyMask, encodeFrame, FrameReader, type InFrame, type OutFrame } from "./frame-codec";
export { ALL_CASES, compareIds, patternToRegExp, selectCases } from "./registry";
export {
  buildIndex,
  type IndexEntry,
  type ReportIndex,
  type ResultStore,
  writeReports,
} from "./report";
export { FuzzingServer, type FuzzingServerOptions, type FuzzingServerSpec } from "./server";
