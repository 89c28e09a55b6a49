/** A verdict pair as kept in `expected-results.json` and read from a report. */
export interface Verdict {
  behavior: string;
  /** Absent when the server was asked through `/getCaseStatus`, which only tells `behavior`. */
  behaviorClose?: string;
  remoteCloseCode?: number | null;
}

/** `{ agent: { caseId: verdict } }`, the shape of Autobahn's `index.json`. */
export type Verdicts = Record<string, Record<string, Verdict>>;

const BAD_CLOSE = new Set(["FAILED", "WRONG CODE", "UNCLEAN", "FAILED BY CLIENT"]);

/**
 * What is wrong with a run: any FAILED case, any close verdict of FAILED,
 * WRONG CODE, UNCLEAN or FAILED BY CLIENT, any case whose verdicts differ
 * from the expected ones (durations are not compared), and any case with no
 * expectation at all.
 */
export function compareVerdicts(
  actual: Record<string, Verdict>,
  expected: Record<string, Verdict> | undefined,
): string[] {
  const problems: string[] = [];
  for (const [id, got] of Object.entries(actual)) {
    if (got.behavior === "FAILED") problems.push(`${id}: behavior FAILED`);
    if (got.behaviorClose && BAD_CLOSE.has(got.behaviorClose)) {
      problems.push(`${id}: behaviorClose ${got.behaviorClose}`);
    }
    const want = expected?.[id];
    if (!want) {
      problems.push(`${id}: no expected verdict (got ${got.behavior}/${got.behaviorClose ?? "?"})`);
      continue;
    }
    if (want.behavior !== got.behavior) {
      problems.push(`${id}: behavior ${got.behavior}, expected ${want.behavior}`);
    }
    if (got.behaviorClose && want.behaviorClose && want.behaviorClose !== got.behaviorClose) {
      problems.push(`${id}: behaviorClose ${got.behaviorClose}, expected ${want.behaviorClose}`);
    }
  }
  return problems;
}

/** Only the fields that are compared, for writing `expected-results.json`. */
export function toExpected(actual: Record<string, Verdict>): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const [id, v] of Object.entries(actual)) {
    out[id] = {
      behavior: v.behavior,
      ...(v.behaviorClose ? { behaviorClose: v.behaviorClose } : {}),
    };
  }
  return out;
}
