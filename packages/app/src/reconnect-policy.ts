import { WebSocketException } from "@wsclient/errors";
import { defaultShouldReconnect, type ShouldReconnect } from "./retry-policy.js";

/**
 * The object form of `runForever({ reconnect })`: exponential backoff with
 * full jitter per attempt.
 */
export interface ReconnectOptions {
  /** The smallest delay before a reconnect attempt, in ms. Default 1000. */
  minDelay?: number;
  /** The largest delay before a reconnect attempt, in ms. Default 30000. */
  maxDelay?: number;
  /** How much the delay window grows per failed attempt. Default 2. */
  factor?: number;
  /**
   * `"full"` (default): each delay is drawn uniformly from
   * `[minDelay, min(maxDelay, minDelay * factor ** (attempt + 1))]`.
   * `"none"`: each delay is the top of that window.
   */
  jitter?: "full" | "none";
  /**
   * How long a connection must stay open before the attempt counter goes
   * back to zero, in ms (flap protection). Default 5000.
   */
  minUptime?: number;
  /**
   * How many reconnect attempts in a row (without a connection that lasted
   * `minUptime`) before giving up. Default `Infinity`.
   */
  maxRetries?: number;
  /**
   * Decides whether to reconnect after a disconnect or a failed attempt.
   * `error` says how it ended: a handshake error
   * (`WebSocketBadStatusException` with `statusCode` and `respHeaders`), a
   * network or timeout error, or a `WebSocketConnectionClosedException`
   * whose `closeCode`/`closeReason` are the server's close frame (1006: lost
   * without one). Answer `false` to stop, `true` to retry after the backoff,
   * or a delay in ms to wait at least that long. Replaces
   * {@link defaultShouldReconnect} entirely; call it yourself to extend it.
   */
  shouldReconnect?: ShouldReconnect;
  /** The random source for jitter, `[0, 1)`. Default `Math.random`. */
  random?: () => number;
}

/** A reconnect policy with every default filled in. */
export interface ReconnectPolicy {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly factor: number;
  readonly jitter: "full" | "none";
  readonly minUptime: number;
  readonly maxRetries: number;
  readonly shouldReconnect: ShouldReconnect;
  readonly random: () => number;
}

function requireNumber(name: string, value: unknown, min: number, allowInfinity = false): number {
  if (
    typeof value !== "number" ||
    Number.isNaN(value) ||
    value < min ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw new WebSocketException(
      `reconnect.${name} must be a ${allowInfinity ? "" : "finite "}number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Turns the `reconnect` option of `runForever` into a policy, or `null` when
 * reconnecting is off. A number is Python's fixed delay (in ms here); `0`,
 * `false`, `null` and `undefined` turn reconnecting off; `true` takes every
 * default.
 *
 * @throws WebSocketException when a field is out of range.
 */
export function normalizeReconnect(
  reconnect: number | boolean | ReconnectOptions | null | undefined,
): ReconnectPolicy | null {
  if (reconnect === undefined || reconnect === null || reconnect === false || reconnect === 0) {
    return null;
  }
  if (typeof reconnect === "number") {
    const delay = requireNumber("(delay)", reconnect, 0);
    return {
      minDelay: delay,
      maxDelay: delay,
      factor: 1,
      jitter: "none",
      minUptime: 0,
      maxRetries: Number.POSITIVE_INFINITY,
      shouldReconnect: defaultShouldReconnect,
      random: Math.random,
    };
  }
  const o: ReconnectOptions = reconnect === true ? {} : reconnect;
  if (typeof o !== "object") {
    throw new WebSocketException(
      `reconnect must be a delay in ms, a boolean or an options object, got ${typeof o}`,
    );
  }
  const minDelay = requireNumber("minDelay", o.minDelay ?? 1000, 0);
  const maxDelay = requireNumber("maxDelay", o.maxDelay ?? Math.max(30_000, minDelay), minDelay);
  const factor = requireNumber("factor", o.factor ?? 2, 1);
  const minUptime = requireNumber("minUptime", o.minUptime ?? 5000, 0);
  const maxRetries = requireNumber("maxRetries", o.maxRetries ?? Number.POSITIVE_INFINITY, 0, true);
  const jitter = o.jitter ?? "full";
  if (jitter !== "full" && jitter !== "none") {
    throw new WebSocketException(
      `reconnect.jitter must be "full" or "none", got ${String(jitter)}`,
    );
  }
  if (o.shouldReconnect !== undefined && typeof o.shouldReconnect !== "function") {
    throw new WebSocketException("reconnect.shouldReconnect must be a function");
  }
  if (o.random !== undefined && typeof o.random !== "function") {
    throw new WebSocketException("reconnect.random must be a function");
  }
  return {
    minDelay,
    maxDelay,
    factor,
    jitter,
    minUptime,
    maxRetries,
    shouldReconnect: o.shouldReconnect ?? defaultShouldReconnect,
    random: o.random ?? Math.random,
  };
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first attempt
 * after a disconnect), in ms.
 *
 * The window is `[minDelay, min(maxDelay, minDelay * factor ** (attempt + 1))]`;
 * with full jitter the delay is drawn uniformly from it, so clients that lost
 * the same server spread their first attempts over the whole first window
 * instead of all arriving together.
 */
export function backoffDelay(policy: ReconnectPolicy, attempt: number): number {
  const top = Math.min(policy.maxDelay, policy.minDelay * policy.factor ** (attempt + 1));
  if (policy.jitter === "none") return top;
  let r = policy.random();
  if (!(r >= 0)) r = 0;
  if (r > 1) r = 1;
  return policy.minDelay + r * (top - policy.minDelay);
}

/**
 * The delays of successive reconnect attempts (0, 1, 2, …), ending after
 * `maxRetries` of them: the schedule `runForever` follows while no
 * connection lasts `minUptime`.
 */
export function* backoff(policy: ReconnectPolicy): Generator<number, void, undefined> {
  for (let attempt = 0; attempt < policy.maxRetries; attempt++) {
    yield backoffDelay(policy, attempt);
  }
}
