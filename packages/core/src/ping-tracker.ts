import type { WebSocketException } from "@wsclient/errors";

/** A ping waiting for its pong. */
interface Waiter {
  sentAt: number;
  resolve: (rtt: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Matches pongs to the pings awaiting them, by payload (RFC 6455 §5.5.3: "A
 * Pong frame sent in response to a Ping frame must have identical
 * "Application data" as found in the message body of the Ping frame being
 * replied to"). A pong also answers every ping sent before the one it
 * matches (a peer may answer only the latest ping). Keeps the last round
 * trip as the connection's latency.
 */
export class PingTracker {
  /** Pings in flight, oldest first, keyed by their payload (hex). */
  readonly #waiting = new Map<string, Waiter>();
  readonly #now: () => number;
  /** The last measured round trip, ms; null before the first pong. */
  latency: number | null = null;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** True when a ping with this payload already waits (pongs could not tell them apart). */
  has(payload: Uint8Array): boolean {
    return this.#waiting.has(key(payload));
  }

  /** A ping with `payload` is being sent: resolves with the round trip once its pong arrives. */
  expect(payload: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.#waiting.set(key(payload), { sentAt: this.#now(), resolve, reject });
    });
  }

  /** The ping with `payload` could not be sent: forget it. */
  forget(payload: Uint8Array): void {
    this.#waiting.delete(key(payload));
  }

  /** A pong arrived: settles the ping it answers and the ones before it. */
  pong(payload: Uint8Array): void {
    const k = key(payload);
    if (!this.#waiting.has(k)) return;
    const now = this.#now();
    for (const [pending, waiter] of this.#waiting) {
      this.#waiting.delete(pending);
      const rtt = now - waiter.sentAt;
      if (pending === k) this.latency = rtt;
      waiter.resolve(rtt);
      if (pending === k) break;
    }
  }

  /** The connection ended: every ping still waiting fails. */
  fail(error: WebSocketException): void {
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }
}

function key(payload: Uint8Array): string {
  let out = "";
  for (let i = 0; i < payload.length; i++) out += payload[i]!.toString(16).padStart(2, "0");
  return out;
}
