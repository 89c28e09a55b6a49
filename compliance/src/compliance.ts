import {
  buildIndex,
  compareIds,
  FuzzingServer,
  type FuzzingServerSpec,
  patternToRegExp,
} from "@wsclient-tools/fuzzingserver";
import type { Verdict } from "./compare";
import { echoCase, fetchText } from "./wsclient-agent";

export interface ComplianceOptions {
  /** An Autobahn-compatible server (`ws://host:port`); when absent, ours is started on a free loopback port. */
  url?: string;
  /** The agent name the server files results under. */
  agent: string;
  /** The server spec (`fuzzingserver.json`): which cases, where reports go. */
  spec: FuzzingServerSpec;
  /** Case id patterns to run, within what the server offers (default: all). */
  cases?: string[];
  /** Where our server writes its reports. */
  outdir: string;
  log?: (line: string) => void;
  /**
   * How many compression cases (12.x, 13.x) to play at once (default 3). They
   * are 216 independent echo loops that wait on zlib far more than on the
   * CPU, and no verdict of theirs depends on timing; every other case is
   * played alone, in order, as Autobahn plays them.
   */
  compressionJobs?: number;
}

export interface ComplianceRun {
  verdicts: Record<string, Verdict>;
  elapsedMs: number;
}

const q = encodeURIComponent;

/**
 * Drive wsclient through every selected case of a fuzzing server, ask it to
 * write its reports, and collect the verdicts: full ones from our own server,
 * `behavior` from `/getCaseStatus` for another server.
 */
export async function runCompliance(options: ComplianceOptions): Promise<ComplianceRun> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const server = options.url
    ? null
    : await FuzzingServer.start({
        cases: options.spec.cases ?? ["*"],
        excludeCases: options.spec["exclude-cases"] ?? [],
        excludeAgentCases: options.spec["exclude-agent-cases"] ?? {},
        outdir: options.outdir,
      });
  const base = (options.url ?? server!.url).replace(/\/+$/, "");
  try {
    const count = Number(await fetchText(`${base}/getCaseCount`));
    if (!Number.isInteger(count) || count < 0) throw new Error(`bad case count from ${base}`);
    const patterns = (options.cases ?? ["*"]).map(patternToRegExp);
    const selected: [number, string][] = [];
    for (let i = 1; i <= count; i++) {
      const id = server
        ? server.cases[i - 1]!.id
        : (JSON.parse(await fetchText(`${base}/getCaseInfo?case=${i}`)) as { id: string }).id;
      if (patterns.some((p) => p.test(id))) selected.push([i, id]);
    }
    const play = async ([i, id]: [number, string]) => {
      const t = Date.now();
      await echoCase(`${base}/runCase?case=${i}&agent=${q(options.agent)}`);
      log(`case ${id} (${i}/${count}) ${Date.now() - t} ms`);
    };
    const alone = selected.filter(([, id]) => !isCompressionCase(id));
    for (const entry of alone) await play(entry);
    await inParallel(
      selected.filter(([, id]) => isCompressionCase(id)),
      options.compressionJobs ?? 3,
      play,
    );
    await fetchText(`${base}/updateReports?agent=${q(options.agent)}`);
    const verdicts: Record<string, Verdict> = {};
    if (server) {
      // The server grades a case when its side of the connection closes.
      for (
        let i = 0;
        i < 100 && (server.results.get(options.agent)?.size ?? 0) < selected.length;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const index = buildIndex(server.results)[options.agent] ?? {};
      for (const [, id] of selected) {
        const e = index[id];
        verdicts[id] = e
          ? {
              behavior: e.behavior,
              behaviorClose: e.behaviorClose,
              remoteCloseCode: e.remoteCloseCode,
            }
          : { behavior: "MISSING" };
      }
    } else {
      for (const [i, id] of selected) {
        const status = JSON.parse(
          await fetchText(`${base}/getCaseStatus?case=${i}&agent=${q(options.agent)}`),
        );
        verdicts[id] = { behavior: String(status.behavior) };
      }
    }
    const sorted: Record<string, Verdict> = {};
    for (const id of Object.keys(verdicts).sort(compareIds)) sorted[id] = verdicts[id]!;
    return { verdicts: sorted, elapsedMs: Date.now() - started };
  } finally {
    await server?.close();
  }
}

/** Cases 12.x and 13.x: permessage-deflate echo loops with generous timeouts. */
function isCompressionCase(id: string): boolean {
  return id.startsWith("12.") || id.startsWith("13.");
}

/** Runs `task` over `items`, at most `jobs` at a time, each started in order. */
async function inParallel<T>(items: T[], jobs: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}
