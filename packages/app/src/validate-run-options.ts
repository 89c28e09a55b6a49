import { WebSocketException } from "@wsclient/errors";

/** The keepalive settings of `runForever`, checked. */
export interface KeepaliveSettings {
  pingInterval: number;
  pingTimeout: number | null;
}

/**
 * Checks `pingInterval` and `pingTimeout` the way Python's `run_forever`
 * does (`ping_timeout > 0`, `ping_interval >= 0`, and when both are set
 * `ping_interval > ping_timeout`), with messages that name the values.
 *
 * @throws WebSocketException when a value is out of range.
 */
export function validateKeepalive(pingInterval: unknown, pingTimeout: unknown): KeepaliveSettings {
  const interval = pingInterval ?? 0;
  if (typeof interval !== "number" || !Number.isFinite(interval) || interval < 0) {
    throw new WebSocketException(
      `pingInterval must be a finite number of ms >= 0, got ${String(pingInterval)}`,
    );
  }
  let timeout: number | null = null;
  if (pingTimeout !== undefined && pingTimeout !== null) {
    if (typeof pingTimeout !== "number" || !Number.isFinite(pingTimeout) || pingTimeout <= 0) {
      throw new WebSocketException(
        `pingTimeout must be a finite number of ms > 0, got ${String(pingTimeout)}`,
      );
    }
    timeout = pingTimeout;
  }
  if (interval > 0 && timeout !== null && interval <= timeout) {
    throw new WebSocketException(
      `pingInterval (${interval} ms) must be greater than pingTimeout (${timeout} ms)`,
    );
  }
  return { pingInterval: interval, pingTimeout: timeout };
}

/** The shortest fixed reconnect delay `runForever` accepts, in ms. */
export const MIN_RECONNECT_DELAY = 100;

/**
 * Checks a fixed `reconnect` delay: times are milliseconds here, so
 * Python's `reconnect=5` (seconds) written as `reconnect: 5` would
 * reconnect every 5 ms. A number between 0 (off) and
 * {@link MIN_RECONNECT_DELAY} is refused, the message giving the
 * millisecond value. Other values pass through unchanged.
 *
 * @throws WebSocketException when the delay is above 0 and below 100 ms.
 */
export function validateReconnectDelay<T>(reconnect: T): T {
  if (typeof reconnect === "number" && reconnect > 0 && reconnect < MIN_RECONNECT_DELAY) {
    throw new WebSocketException(
      `reconnect is a delay in milliseconds and must be 0 (off) or at least ${MIN_RECONNECT_DELAY}, got ${reconnect}: ` +
        `for Python's reconnect=${reconnect} (seconds) write reconnect: ${Math.round(reconnect * 1000)}`,
    );
  }
  return reconnect;
}
