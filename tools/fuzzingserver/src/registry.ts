import type { CaseSpec } from "./case-types";
import { case1 } from "./cases/case-1";
import { case2 } from "./cases/case-2";
import { case3 } from "./cases/case-3";
import { case4 } from "./cases/case-4";
import { case5 } from "./cases/case-5";
import { case6 } from "./cases/case-6";
import { case7 } from "./cases/case-7";
import { case9 } from "./cases/case-9";
import { case10 } from "./cases/case-10";
import { case12, case13 } from "./cases/case-12";

/** The whole catalogue, in Autobahn's order (groups 1-7, 9, 10, 12, 13). */
export const ALL_CASES: readonly CaseSpec[] = [
  ...case1,
  ...case2,
  ...case3,
  ...case4,
  ...case5,
  ...case6,
  ...case7,
  ...case9,
  ...case10,
  ...case12,
  ...case13,
];

/** Numeric sort key of a dotted id, so "6.10.1" follows "6.9.4". */
export function idKey(id: string): number[] {
  return id.split(".").map(Number);
}

export function compareIds(a: string, b: string): number {
  const x = idKey(a);
  const y = idKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** An Autobahn case pattern ("*", "6.4.*", "9.1.1") as an anchored regex. */
export function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

const matchesAny = (id: string, patterns: readonly string[]) =>
  patterns.some((p) => patternToRegExp(p).test(id));

/** The cases a spec selects: matching `cases`, not matching `excludeCases`. */
export function selectCases(
  cases: readonly string[] = ["*"],
  excludeCases: readonly string[] = [],
): CaseSpec[] {
  return ALL_CASES.filter((c) => matchesAny(c.id, cases) && !matchesAny(c.id, excludeCases));
}
