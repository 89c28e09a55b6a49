import { normalizeReconnect, type ReconnectPolicy } from "@wsclient/app";

/** The first reconnect window of `--reconnect`, in ms. */
export const RECONNECT_MIN_DELAY = 500;

/**
 * `--reconnect`'s schedule, as `@wsclient/app`'s backoff policy (the one
 * implementation of reconnect delays): attempt `n` waits a delay drawn
 * uniformly from `[0.5 s, min(--reconnect-max-delay, 0.5 s × 2^(n+1))]`.
 * Use it with app's `backoffDelay(policy, attempt)`.
 */
export function reconnectPolicy(maxDelaySeconds: number): ReconnectPolicy {
  return normalizeReconnect({
    minDelay: RECONNECT_MIN_DELAY,
    maxDelay: Math.max(RECONNECT_MIN_DELAY, maxDelaySeconds * 1000),
    factor: 2,
    jitter: "full",
  }) as ReconnectPolicy;
}
