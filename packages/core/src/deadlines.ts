/**
 * One timer for many waits. Receive waits usually all use the connection's
 * timeout and usually end long before it, so arming and clearing a Node
 * timer per `recv` would cost more than the receive itself. Entries are kept
 * sorted by deadline (appends are the common case), cancelled ones are
 * dropped lazily, and a single timer is armed for the earliest. The timer is
 * ref'd only while a live entry exists, so it never holds the process open
 * on its own.
 */
interface Entry {
  at: number;
  fire: (() => void) | null;
}

const entries: Entry[] = [];
let head = 0;
let cancelled = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let armedAt = Number.POSITIVE_INFINITY;
let refed = false;

/** Calls `fire` after `ms`; returns a function that cancels it. */
export function schedule(ms: number, fire: () => void): () => void {
  const entry: Entry = { at: performance.now() + ms, fire };
  let i = entries.length;
  while (i > head && entries[i - 1]!.at > entry.at) i--;
  if (i === entries.length) entries.push(entry);
  else entries.splice(i, 0, entry);
  if (timer === undefined || entry.at < armedAt) arm(entry.at);
  else if (!refed) {
    timer.ref();
    refed = true;
  }
  return () => {
    if (entry.fire === null) return;
    entry.fire = null;
    cancelled++;
    const pending = entries.length - head;
    if (cancelled === pending) {
      // Nothing live: keep the timer for the next wait, but let the process exit.
      timer?.unref();
      refed = false;
    }
    if (cancelled > 64 && cancelled * 2 > pending) compact();
  };
}

function arm(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  armedAt = at;
  timer = setTimeout(run, Math.max(0, Math.ceil(at - performance.now())));
  refed = true;
}

function run(): void {
  timer = undefined;
  armedAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  const due: Array<() => void> = [];
  while (head < entries.length && entries[head]!.at <= now) {
    const entry = entries[head++]!;
    if (entry.fire === null) cancelled--;
    else {
      due.push(entry.fire);
      entry.fire = null;
    }
  }
  compact();
  const next = entries[head];
  if (next !== undefined) arm(next.at);
  for (const fire of due) fire();
}

function compact(): void {
  let w = 0;
  for (let r = head; r < entries.length; r++) {
    const e = entries[r]!;
    if (e.fire !== null) entries[w++] = e;
  }
  entries.length = w;
  head = 0;
  cancelled = 0;
}
