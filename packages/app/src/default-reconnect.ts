import type { ReconnectOptions } from "./reconnect-policy.js";

/** What `runForever({ reconnect })` accepts. */
export type ReconnectSetting = number | boolean | ReconnectOptions | null;

let defaultReconnect: ReconnectSetting = 0;

/**
 * Sets the `reconnect` that `runForever` uses when it is not given (Python:
 * `set_reconnect`, a delay in seconds there, in ms here; backoff options are
 * accepted too). `0` (the default) means no reconnect.
 */
export function setReconnect(reconnect: ReconnectSetting): void {
  defaultReconnect = reconnect;
}

/** The `reconnect` set by {@link setReconnect}. */
export function getReconnect(): ReconnectSetting {
  return defaultReconnect;
}
