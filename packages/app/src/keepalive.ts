import { WebSocketTimeoutException } from "@wsclient/errors";

/** What the keepalive watchdog needs from its connection. */
export interface KeepaliveOptions {
  /** Time between pings, in ms; 0 turns pinging off. */
  interval: number;
  /** How long to wait for a pong after a ping, in ms; `null` waits forever. */
  timeout: number | null;
  /** Sends one ping. A rejection is ignored: the read loop sees a dead link. */
  sendPing: () => Promise<unknown>;
  /** Called once when a pong did not arrive in time. */
  onTimeout: (error: WebSocketTimeoutException) => void;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * Keepalive pings with a pong watchdog for one connection.
 *
 * RFC 6455 §5.5.2:
 * > A Ping frame MAY serve either as a keepalive or as a means to verify
 * > that the remote endpoint is still responsive.
 *
 * The first ping goes out one `interval` after {@link Keepalive.start}, then
 * one every `interval`. After each ping a watchdog waits `timeout` ms for a
 * pong received at or after that ping; if none arrives it reports
 * `WebSocketTimeoutException("ping/pong timed out")` once and stops.
 * RFC 6455 §5.5.3 allows unsolicited pongs ("A Pong frame MAY be sent
 * unsolicited"), so any pong counts, as in Python.
 */
export class Keepalive {
  /** When the last ping was sent (ms), or `null` before the first. */
  lastPingTm: number | null = null;
  /** When the last pong arrived (ms), or `null` before the first. */
  lastPongTm: number | null = null;

  readonly #options: KeepaliveOptions;
  readonly #now: () => number;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: KeepaliveOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Starts pinging (a no-op when `interval` is 0). */
  start(): void {
    if (this.#stopped || this.#pingTimer !== undefined || this.#options.interval <= 0) return;
    this.#pingTimer = setInterval(() => this.#ping(), this.#options.interval);
  }

  /** Records a pong. */
  pong(): void {
    this.lastPongTm = this.#now();
    if (this.#watchdog !== undefined) {
      clearTimeout(this.#watchdog);
      this.#watchdog = undefined;
    }
  }

  /** Stops pings and the watchdog for good. */
  stop(): void {
    this.#stopped = true;
    if (this.#pingTimer !== undefined) clearInterval(this.#pingTimer);
    if (this.#watchdog !== undefined) clearTimeout(this.#watchdog);
    this.#pingTimer = undefined;
    this.#watchdog = undefined;
  }

  /** True once stopped (by {@link Keepalive.stop} or a timeout). */
  get stopped(): boolean {
    return this.#stopped;
  }

  #ping(): void {
    if (this.#stopped) return;
    this.lastPingTm = this.#now();
    this.#options.sendPing().catch(() => {
      // A failed ping means the link is going; the read loop reports why.
    });
    const timeout = this.#options.timeout;
    // An earlier watchdog still running keeps its own, earlier deadline.
    if (timeout !== null && timeout > 0 && this.#watchdog === undefined) {
      this.#watchdog = setTimeout(() => {
        this.#watchdog = undefined;
        if (this.#stopped) return;
        this.stop();
        this.#options.onTimeout(new WebSocketTimeoutException("ping/pong timed out"));
      }, timeout);
    }
  }
}
