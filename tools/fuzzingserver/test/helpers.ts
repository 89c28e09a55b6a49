import type { CaseResult, FuzzingServer } from "../src/index";

/** Wait until the server has graded `n` cases for `agent` (it grades when its socket closes). */
export async function waitForResults(
  server: FuzzingServer,
  agent: string,
  n: number,
): Promise<Map<string, CaseResult>> {
  for (let i = 0; i < 100; i++) {
    const got = server.results.get(agent);
    if (got && got.size >= n) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`only ${server.results.get(agent)?.size ?? 0} of ${n} cases graded for ${agent}`);
}

/** `{ id: "behavior/behaviorClose" }` for every case that is not OK/OK. */
export function notOk(results: Map<string, CaseResult>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, r] of results) {
    if (r.behavior !== "OK" || r.behaviorClose !== "OK")
      out[id] = `${r.behavior}/${r.behaviorClose}`;
  }
  return out;
}
