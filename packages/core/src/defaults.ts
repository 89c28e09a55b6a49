/**
 * Default bytes of received messages held (queued, or being assembled)
 * before the socket is paused: a few MiB of messages, and what a flood read
 * by a slow caller can cost (see docs/performance.md for its peak RSS).
 */
export const DEFAULT_READ_HIGH_WATER_MARK = 2 * 1024 * 1024;
/** Default `close()` wait for the peer's close frame, ms (Python: 3 s). */
export const DEFAULT_CLOSE_TIMEOUT = 3000;
/**
 * After a protocol violation with earlier messages still queued, the longest
 * the failure's close frame waits for the caller to take them, ms.
 */
export const DEFAULT_FAILURE_DELAY = 1000;
/** Default bound on the opening (connect, proxy, TLS, upgrade response), ms, when no `timeout` is set. */
export const DEFAULT_OPEN_TIMEOUT = 10_000;
