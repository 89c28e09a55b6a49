import {
  type ConnectOptions,
  createConnection,
  type WebSocket,
  type WebSocketOptions,
} from "@wsclient/core";
import { WebSocketException } from "@wsclient/errors";
import { abortableSleep } from "./abortable-sleep.js";
import type { ReconnectSetting } from "./default-reconnect.js";
import { normalizeReconnect } from "./reconnect-policy.js";
import { closeCodeOf } from "./retry-policy.js";
import { RetrySchedule } from "./retry-schedule.js";

/** The options of {@link connect}: `createConnection`'s, plus `reconnect`. */
export type ReconnectingOptions = ConnectOptions & WebSocketOptions & ReconnectOnlyOptions;

/** What {@link connect} takes beyond `createConnection`'s options. */
export interface ReconnectOnlyOptions {
  /**
   * The backoff and retry policy: `true` (the default) for every default,
   * backoff options (`minDelay`, `maxDelay`, `factor`, `jitter`,
   * `minUptime`, `maxRetries`, `shouldReconnect`, `random`), a fixed delay
   * in ms, or `false` for one connection and no retry.
   */
  reconnect?: ReconnectSetting;
  /** How long closing a connection waits for the server's close frame, in ms. Default 3000. */
  closeTimeout?: number;
}

/** What the iteration needs from the outside world; tests swap these. */
export interface ConnectDeps {
  open(url: string, options: ConnectOptions & WebSocketOptions): Promise<WebSocket>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const defaultDeps: ConnectDeps = { open: createConnection, sleep: abortableSleep };

/** How a yielded connection ended. */
interface Ended {
  /** It was still open when the loop body ended, and connect() closed it. */
  byCaller: boolean;
  /** Why it closed: the error `recv` reports for a connection that is over. */
  error: unknown;
}

/**
 * Reconnecting iteration (python-websockets: `async for ws in connect(...)`):
 * each turn yields a new open `WebSocket`, after the backoff of the retry
 * policy shared with `WebSocketApp.runForever`.
 *
 * - When the loop body ends, the connection is closed (a close handshake if
 *   it is still open) and awaited before the next one is dialled: a
 *   connection the body left open counts as "give me the next one", and is
 *   re-dialled after the backoff; one that the server closed or that broke
 *   goes to the policy.
 * - `break`, `return` or an exception out of the loop closes the current
 *   connection too, as python-websockets does on leaving `async for`. To
 *   keep a connection beyond the loop, use `createConnection`.
 * - The loop ends quietly after a clean close (1000 or 1005, by the server
 *   or by your own `ws.close()`) unless `shouldReconnect` says otherwise; it
 *   throws the deciding error when the policy stops on anything else (a 401,
 *   a 1008 close, `maxRetries` spent).
 * - `signal` cancels the wait, the connect, and closes an open connection;
 *   the loop then throws the signal's reason.
 *
 * @example
 * ```ts
 * for await (const ws of connect("ws://127.0.0.1:8080/", { reconnect: { maxDelay: 10_000 } })) {
 *   try {
 *     for await (const msg of ws) console.log(msg);
 *   } catch (e) {
 *     console.error("connection lost", e);
 *   }
 * }
 * ```
 * @throws WebSocketException at once for a bad `reconnect` option.
 */
export function connect(
  url: string,
  options: ReconnectingOptions = {},
): AsyncGenerator<WebSocket, void, undefined> {
  return connectWith(defaultDeps, url, options);
}

/** {@link connect} with its clock and dialler given (for tests). */
export function connectWith(
  deps: ConnectDeps,
  url: string,
  options: ReconnectingOptions = {},
): AsyncGenerator<WebSocket, void, undefined> {
  if (typeof url !== "string" || url.length === 0) {
    throw new WebSocketException(`url must be a non-empty string, got ${String(url)}`);
  }
  const { reconnect, closeTimeout, ...connectOptions } = options;
  const policy = normalizeReconnect(reconnect === undefined ? true : reconnect);
  return iterate(deps, url, connectOptions, policy === null ? null : new RetrySchedule(policy), {
    closeTimeout: closeTimeout ?? 3000,
  });
}

async function* iterate(
  deps: ConnectDeps,
  url: string,
  connectOptions: ConnectOptions & WebSocketOptions,
  schedule: RetrySchedule | null,
  { closeTimeout }: { closeTimeout: number },
): AsyncGenerator<WebSocket, void, undefined> {
  const signal = connectOptions.signal ?? new AbortController().signal;
  while (true) {
    signal.throwIfAborted();
    let ws: WebSocket;
    try {
      ws = await deps.open(url, connectOptions);
    } catch (error) {
      signal.throwIfAborted();
      if (schedule === null) throw error;
      const delay = decide(schedule, error, null, true);
      if (delay === null) return;
      await deps.sleep(delay, signal);
      continue;
    }
    const openedAt = Date.now();
    const onAbort = (): void => {
      ws.close({ timeout: closeTimeout }).catch(() => undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    let ended: Ended | undefined;
    try {
      yield ws;
    } finally {
      signal.removeEventListener("abort", onAbort);
      // Reached on next() and on break/return alike: the connection is over.
      ended = await finish(ws, closeTimeout);
    }
    signal.throwIfAborted();
    const uptime = Date.now() - openedAt;
    if (schedule === null) return;
    const delay = decide(schedule, ended.error, uptime, !ended.byCaller);
    if (delay === null) return;
    await deps.sleep(delay, signal);
  }
}

/**
 * The delay before the next attempt, or `null` to end the iteration
 * quietly (the policy stopped after a clean close).
 *
 * @throws the deciding error when the policy stops on anything else.
 */
function decide(
  schedule: RetrySchedule,
  error: unknown,
  uptime: number | null,
  ask: boolean,
): number | null {
  const step = schedule.next(error, uptime, ask);
  if (step.retry) return step.delay;
  if (step.error !== null) throw step.error;
  const code = closeCodeOf(error);
  if (code === 1000 || code === 1005) return null;
  throw error;
}

/** Closes `ws` (a close handshake if it is still open) and says how it ended. */
async function finish(ws: WebSocket, closeTimeout: number): Promise<Ended> {
  const byCaller = ws.connected;
  try {
    await ws.close({ timeout: closeTimeout });
  } catch {
    // Already gone.
  } finally {
    ws.shutdown();
  }
  // The receive queue has ended: what it ended with is how it closed.
  // Messages still queued come first and are dropped (bounded by the read
  // high-water mark).
  for (;;) {
    try {
      await ws.recv({ timeout: closeTimeout });
    } catch (error) {
      return { byCaller, error };
    }
  }
}
