import type { ReconnectOptions } from "./reconnect-policy.js";
import { validateReconnectDelay } from "./validate-run-options.js";

/** What `runForever({ reconnect })` accepts. */
export type ReconnectSetting = number | boolean | ReconnectOptions | null;

let defaultReconnect: ReconnectSetting = 0;

/**
 * Sets the `reconnect` that `runForever` uses when it is not given (Python:
 * `set_reconnect`, a delay in seconds there, in ms here; backoff options are
 * accepted too). `0` (the default) means no reconnect.
 *
 * @throws WebSocketException for a delay above 0 and below 100 ms
 *   (`setReconnect(5)` is Python's `set_reconnect(5)` in seconds: write 5000).
 */
export function setReconnect(reconnect: ReconnectSetting): void {
  defaultReconnect = validateReconnectDelay(reconnect);
}

/** The `reconnect` set by {@link setReconnect}. */
export function getReconnect(): ReconnectSetting {
  return defaultReconnect;
}
