import { WebSocketException, WebSocketTimeoutException } from "@wsclient/errors";
import { schedule } from "./deadlines.js";

/** How long a wait may take and what may cancel it. */
export interface WaitOptions {
  /** Milliseconds; `null`/`undefined` waits forever. */
  timeout?: number | null | undefined;
  /** Cancels the wait. */
  signal?: AbortSignal | undefined;
  /** The timeout error's message. */
  timeoutMessage?: string;
}

/**
 * The error a cancelled wait rejects with: a `WebSocketTimeoutException`
 * when the signal's reason is a `TimeoutError` (`AbortSignal.timeout()`),
 * else a `WebSocketException` named `AbortError` whose `cause` is the
 * signal's reason.
 */
export function abortError(signal: AbortSignal): WebSocketException {
  const reason: unknown = signal.reason;
  if (reason instanceof WebSocketException) return reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return new WebSocketTimeoutException("The operation timed out (signal)", { cause: reason });
  }
  const error = new WebSocketException("The operation was aborted", { cause: reason });
  // As fetch: code that checks `err.name === "AbortError"` works, and it is still a WebSocketException.
  Object.defineProperty(error, "name", { value: "AbortError", configurable: true, writable: true });
  return error;
}

/**
 * Runs `executor` and settles with it, or rejects with a
 * `WebSocketTimeoutException` after `timeout` ms, or with {@link abortError}
 * when `signal` aborts. `executor` may return a cleanup function, called once
 * whichever way the wait ends.
 */
export function waitFor<T>(
  executor: (resolve: (value: T) => void, reject: (err: unknown) => void) => unknown,
  options: WaitOptions = {},
): Promise<T> {
  const { timeout, signal } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    let done = false;
    let cancelTimer: (() => void) | undefined;
    let cleanup: unknown;
    const onAbort = () => finish(() => reject(abortError(signal!)));
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      if (cancelTimer !== undefined) cancelTimer();
      signal?.removeEventListener("abort", onAbort);
      if (typeof cleanup === "function") cleanup();
      settle();
    };
    if (timeout !== null && timeout !== undefined && Number.isFinite(timeout)) {
      cancelTimer = schedule(Math.max(0, timeout), () =>
        finish(() =>
          reject(new WebSocketTimeoutException(options.timeoutMessage ?? "Connection timed out")),
        ),
      );
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      cleanup = executor(
        (value) => finish(() => resolve(value)),
        (err) => finish(() => reject(err)),
      );
    } catch (err) {
      finish(() => reject(err));
    }
    if (done && typeof cleanup === "function") cleanup();
  });
}
