import { WebSocketException, WebSocketTimeoutException } from "@wsclient/errors";

/** Checks a timeout option: a positive number of ms, or null/undefined for none. */
export function checkTimeout(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new WebSocketException(
      `${name} must be a positive number of milliseconds (or null for none), got ${String(value)}`,
    );
  }
  return value;
}

// setTimeout fires at once for delays above 2^31-1 ms; longer means "none".
const MAX_TIMER = 2_147_483_647;

/**
 * One abort signal for a whole connection attempt: it fires when the timeout
 * runs out (with a {@link WebSocketTimeoutException} naming the stage) or when
 * the caller's signal aborts (with a {@link WebSocketException} whose cause is
 * the signal's reason).
 */
export class Deadline {
  /** What is being done right now, for the timeout message. */
  stage = "connecting";
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly parent: AbortSignal | undefined;
  private readonly onParentAbort: (() => void) | undefined;

  /**
   * @param what The thing being opened, e.g. `ws://host:80/`.
   * @param timeout Milliseconds, or undefined for none.
   * @param parent An outer signal (the caller's, or a parent deadline's).
   * @param timeoutName The option that set the timeout, for the message.
   */
  constructor(
    private readonly what: string,
    timeout: number | undefined,
    parent?: AbortSignal,
    timeoutName = "timeout",
  ) {
    this.parent = parent;
    if (parent) {
      if (parent.aborted) this.controller.abort(Deadline.reasonFrom(parent.reason));
      else {
        this.onParentAbort = () => this.controller.abort(Deadline.reasonFrom(parent.reason));
        parent.addEventListener("abort", this.onParentAbort, { once: true });
      }
    }
    if (timeout !== undefined && timeout <= MAX_TIMER && !this.controller.signal.aborted) {
      this.timer = setTimeout(() => {
        this.controller.abort(
          new WebSocketTimeoutException(
            `Timed out after ${timeout} ms (${timeoutName}) while ${this.stage} for ${this.what}`,
          ),
        );
      }, timeout);
      this.timer.unref?.();
    }
  }

  private static reasonFrom(reason: unknown): WebSocketException {
    if (WebSocketException.isInstance(reason)) return reason as WebSocketException;
    if (reason instanceof Error && reason.name === "TimeoutError") {
      return new WebSocketTimeoutException(`Opening the connection timed out: ${reason.message}`, {
        cause: reason,
      });
    }
    const error = new WebSocketException("Opening the connection was aborted", { cause: reason });
    // As fetch: `err.name === "AbortError"`, and still a WebSocketException.
    Object.defineProperty(error, "name", {
      value: "AbortError",
      configurable: true,
      writable: true,
    });
    return error;
  }

  /** Aborts when the timeout runs out or the parent aborts. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Throws the abort reason if the deadline has passed or the caller aborted. */
  check(): void {
    if (this.controller.signal.aborted) throw this.controller.signal.reason;
  }

  /** Stops the timer and unhooks from the parent signal. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.parent && this.onParentAbort) {
      this.parent.removeEventListener("abort", this.onParentAbort);
    }
  }
}

/**
 * A promise that settles with `run`'s outcome, or rejects with the signal's
 * reason as soon as it aborts. `run` returns a cleanup that removes its
 * listeners; it is called whichever way the promise settles.
 */
export function abortable<T>(
  signal: AbortSignal,
  run: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let done = false;
    let cleanup: (() => void) | undefined;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      signal.removeEventListener("abort", onAbort);
      cleanup?.();
      return true;
    };
    const onAbort = (): void => {
      if (finish()) reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    cleanup = run(
      (value) => {
        if (finish()) resolve(value);
      },
      (error) => {
        if (finish()) reject(error);
      },
    );
    if (done) cleanup();
  });
}
