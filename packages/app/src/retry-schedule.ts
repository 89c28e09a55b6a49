import { WebSocketException } from "@wsclient/errors";
import { backoffDelay, type ReconnectPolicy } from "./reconnect-policy.js";
import { checkDecision, closeCodeOf, TRY_AGAIN_LATER } from "./retry-policy.js";

/** What to do after a connection or an attempt ended. */
export type RetryStep =
  /** Wait `delay` ms, then connect again. */
  | { readonly retry: true; readonly delay: number }
  /**
   * Stop. `error` is set when the stop is itself a failure: the predicate
   * threw, or `maxRetries` was spent (`gaveUp`; a `WebSocketException`
   * whose `cause` is the last error).
   */
  | { readonly retry: false; readonly error: unknown; readonly gaveUp: boolean };

/**
 * The attempt counter and the decision of one reconnecting run, shared by
 * `WebSocketApp.runForever` and `connect()`: ask the predicate, reset the
 * counter after a connection that lasted `minUptime`, give up after
 * `maxRetries`, draw the backoff delay.
 */
export class RetrySchedule {
  #attempt = 0;

  constructor(readonly policy: ReconnectPolicy) {}

  /** Reconnect attempts since the last healthy connection. */
  get attempt(): number {
    return this.#attempt;
  }

  /**
   * Decides after a disconnect or a failed attempt.
   *
   * @param error How it ended: the error, or the closed-connection error
   *   carrying the server's close code.
   * @param uptime How long the connection was open, in ms, or `null` when
   *   it never opened.
   * @param ask `false` when the caller already asked for a new connection:
   *   the predicate is skipped, the backoff and `maxRetries` still apply.
   */
  next(error: unknown, uptime: number | null, ask = true): RetryStep {
    const policy = this.policy;
    let decision: boolean | number = true;
    try {
      if (ask) decision = checkDecision(policy.shouldReconnect(error));
    } catch (thrown) {
      return { retry: false, error: thrown, gaveUp: false };
    }
    if (decision === false) return { retry: false, error: null, gaveUp: false };
    // A server that said "try again later" is overloaded: its close does not
    // count as a healthy connection, so the backoff keeps growing.
    const healthy =
      uptime !== null && uptime >= policy.minUptime && closeCodeOf(error) !== TRY_AGAIN_LATER;
    if (healthy) this.#attempt = 0;
    if (this.#attempt >= policy.maxRetries) {
      return {
        retry: false,
        gaveUp: true,
        error: new WebSocketException(`gave up reconnecting after ${this.#attempt} attempts`, {
          cause: error ?? undefined,
        }),
      };
    }
    const drawn = backoffDelay(policy, this.#attempt);
    this.#attempt += 1;
    return { retry: true, delay: typeof decision === "number" ? Math.max(decision, drawn) : drawn };
  }
}
