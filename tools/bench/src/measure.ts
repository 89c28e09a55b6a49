/** One timed function: returns nothing, or a promise for async work. */
export type BenchFn = () => unknown;

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Time spent per sample, in ms (default 250). */
  sampleMs?: number;
  /** Samples taken; the median is reported (default 5). */
  samples?: number;
}

/**
 * Calls per second of `a` and of `b`, sampled alternately (a, b, a, b ...) so
 * that both see the same machine load; medians of the samples.
 */
export async function measurePair(
  a: BenchFn,
  b: BenchFn,
  opts: MeasureOptions = {},
): Promise<[number, number]> {
  const sampleMs = opts.sampleMs ?? 250;
  const samples = opts.samples ?? 5;
  const pa = await calibrate(a);
  const pb = await calibrate(b);
  const ra: number[] = [];
  const rb: number[] = [];
  for (let s = 0; s < samples; s++) {
    ra.push(await sample(a, pa, sampleMs));
    await new Promise<void>((resolve) => setImmediate(resolve));
    rb.push(await sample(b, pb, sampleMs));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return [median(ra), median(rb)];
}

interface Plan {
  batch: number;
  isAsync: boolean;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1]!;
}

/** Warm `fn` up and find a batch size that takes about 10 ms. */
async function calibrate(fn: BenchFn): Promise<Plan> {
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    await runBatch(fn, batch, isAsync);
    const dt = performance.now() - t0;
    if (dt >= 10 || batch >= 1 << 24) {
      return { batch: Math.max(1, Math.round((batch * 10) / Math.max(dt, 0.001))), isAsync };
    }
    batch *= dt < 1 ? 8 : 2;
  }
}

/** CPU time this process has used, in ms (user + system, all threads). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Calls per second over one sample of about `ms`. Synchronous work is timed
 * in process CPU time, not wall time: the machine is shared, and time spent
 * preempted by other processes must not count. Async work (which waits on
 * I/O) is timed on the wall clock.
 */
async function sample(fn: BenchFn, plan: Plan, ms: number): Promise<number> {
  const clock = plan.isAsync ? () => performance.now() : cpuMs;
  let calls = 0;
  const t0 = clock();
  let elapsed = 0;
  while (elapsed < ms) {
    await runBatch(fn, plan.batch, plan.isAsync);
    calls += plan.batch;
    elapsed = clock() - t0;
  }
  return (calls * 1000) / elapsed;
}

/**
 * Calls per second of `fn`: a short warm-up, then `samples` timed samples
 * of about `sampleMs` each; returns the median. Async functions are awaited
 * one at a time.
 */
export async function measure(fn: BenchFn, opts: MeasureOptions = {}): Promise<number> {
  const sampleMs = opts.sampleMs ?? 250;
  const samples = opts.samples ?? 5;
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  // Find a batch size that takes about 10 ms, warming the function up on the way.
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    await runBatch(fn, batch, isAsync);
    const dt = performance.now() - t0;
    if (dt >= 10 || batch >= 1 << 24) {
      batch = Math.max(1, Math.round((batch * 10) / Math.max(dt, 0.001)));
      break;
    }
    batch *= dt < 1 ? 8 : 2;
  }
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    let calls = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < sampleMs) {
      await runBatch(fn, batch, isAsync);
      calls += batch;
      elapsed = performance.now() - t0;
    }
    rates.push((calls * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1]!;
}

async function runBatch(fn: BenchFn, n: number, isAsync: boolean): Promise<void> {
  if (isAsync) {
    for (let i = 0; i < n; i++) await fn();
  } else {
    for (let i = 0; i < n; i++) fn();
  }
}
