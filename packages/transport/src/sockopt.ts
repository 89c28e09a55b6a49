import { WebSocketException } from "@wsclient/errors";

/**
 * A Python-style `(level, option, value)` socket option. Levels and options
 * are names (`"IPPROTO_TCP"`, `"TCP_NODELAY"`) or Linux numbers (`6`, `1`).
 * Honoured: `TCP_NODELAY`, `SO_KEEPALIVE`, `TCP_KEEPIDLE` (seconds).
 * Accepted and ignored, because Node cannot set them: `TCP_KEEPINTVL`,
 * `TCP_KEEPCNT`. Anything else throws.
 */
export type SockOptTuple = readonly [
  level: number | string,
  option: number | string,
  value: number | boolean,
];

/** Socket options in Node's terms. */
export interface SockOptObject {
  /** Disable Nagle's algorithm (default `true`). */
  noDelay?: boolean;
  /** TCP keepalive (default on, first probe after 30 000 ms idle). */
  keepAlive?: boolean | { initialDelay: number };
}

/** `sockopt`: Python's list of tuples, or the object form. */
export type SockOpt = SockOptObject | readonly SockOptTuple[];

/** The socket settings {@link openConnection} applies. */
export interface ResolvedSockOpt {
  noDelay: boolean;
  keepAlive: boolean;
  /** Milliseconds of idle before the first keepalive probe. */
  keepAliveInitialDelay: number;
}

/**
 * Python's DEFAULT_SOCKET_OPTION: TCP_NODELAY, SO_KEEPALIVE, TCP_KEEPIDLE 30 s
 * (TCP_KEEPINTVL 10 s and TCP_KEEPCNT 3 are not settable from Node 20).
 */
export const DEFAULT_SOCKET_OPTION: Readonly<ResolvedSockOpt> = Object.freeze({
  noDelay: true,
  keepAlive: true,
  keepAliveInitialDelay: 30_000,
});

// Linux numbering, as Python's socket module exposes it.
const LEVELS: Readonly<Record<string, number>> = { SOL_SOCKET: 1, IPPROTO_TCP: 6, SOL_TCP: 6 };
const TCP_OPTIONS: Readonly<Record<string, number>> = {
  TCP_NODELAY: 1,
  TCP_KEEPIDLE: 4,
  TCP_KEEPINTVL: 5,
  TCP_KEEPCNT: 6,
};
const SOCKET_OPTIONS: Readonly<Record<string, number>> = { SO_KEEPALIVE: 9 };

function numberOf(value: number | string, names: Readonly<Record<string, number>>): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return Number.NaN;
  return names[value.toUpperCase()] ?? Number.NaN;
}

function bad(what: string): WebSocketException {
  return new WebSocketException(`sockopt: ${what}`);
}

function applyTuple(out: ResolvedSockOpt, tuple: SockOptTuple): void {
  if (!Array.isArray(tuple) || tuple.length !== 3) {
    throw bad(`expected [level, option, value], got ${JSON.stringify(tuple)}`);
  }
  const [levelRaw, optionRaw, value] = tuple;
  const level = numberOf(levelRaw, LEVELS);
  const num = typeof value === "boolean" ? Number(value) : value;
  if (typeof num !== "number" || !Number.isFinite(num)) {
    throw bad(`the value of ${JSON.stringify(tuple)} is not a number`);
  }
  if (level === LEVELS.IPPROTO_TCP) {
    const option = numberOf(optionRaw, TCP_OPTIONS);
    if (option === TCP_OPTIONS.TCP_NODELAY) out.noDelay = num !== 0;
    else if (option === TCP_OPTIONS.TCP_KEEPIDLE) {
      if (num < 0) throw bad(`TCP_KEEPIDLE must not be negative, got ${num}`);
      out.keepAliveInitialDelay = num * 1000;
    } else if (option === TCP_OPTIONS.TCP_KEEPINTVL || option === TCP_OPTIONS.TCP_KEEPCNT) {
      // Node 20 has no API for these; libuv picks them. Accepted so Python configs work.
    } else throw bad(`TCP option ${JSON.stringify(optionRaw)} is not supported by Node`);
    return;
  }
  if (level === LEVELS.SOL_SOCKET) {
    const option = numberOf(optionRaw, SOCKET_OPTIONS);
    if (option === SOCKET_OPTIONS.SO_KEEPALIVE) out.keepAlive = num !== 0;
    else throw bad(`socket option ${JSON.stringify(optionRaw)} is not supported by Node`);
    return;
  }
  throw bad(`level ${JSON.stringify(levelRaw)} is not supported (IPPROTO_TCP or SOL_SOCKET)`);
}

/**
 * Merges `sockopt` over {@link DEFAULT_SOCKET_OPTION}.
 *
 * @throws WebSocketException for an option Node cannot honour or a bad value.
 */
export function resolveSockOpt(sockopt?: SockOpt | null): ResolvedSockOpt {
  const out: ResolvedSockOpt = { ...DEFAULT_SOCKET_OPTION };
  if (sockopt == null) return out;
  if (Array.isArray(sockopt)) {
    for (const tuple of sockopt as readonly SockOptTuple[]) applyTuple(out, tuple);
    return out;
  }
  if (typeof sockopt !== "object") throw bad(`expected a list or an object, got ${typeof sockopt}`);
  const obj = sockopt as SockOptObject;
  if (obj.noDelay !== undefined) out.noDelay = Boolean(obj.noDelay);
  if (typeof obj.keepAlive === "object" && obj.keepAlive !== null) {
    const delay = obj.keepAlive.initialDelay;
    if (typeof delay !== "number" || !(delay >= 0)) {
      throw bad(`keepAlive.initialDelay must be a number of ms >= 0, got ${String(delay)}`);
    }
    out.keepAlive = true;
    out.keepAliveInitialDelay = delay;
  } else if (obj.keepAlive !== undefined) out.keepAlive = Boolean(obj.keepAlive);
  return out;
}
