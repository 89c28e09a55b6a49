/**
 * Default bytes of received, untaken messages before the socket is paused.
 * 2 MiB keeps a 1 GiB flood read by a slow caller under 100 MiB RSS (4 MiB
 * peaked at 98.6-107.5 MiB) with no loss on the receive benchmark.
 */
export const DEFAULT_READ_HIGH_WATER_MARK = 2 * 1024 * 1024;
/** Default bytes the socket may hold before `send` waits for 'drain'. */
export const DEFAULT_WRITE_HIGH_WATER_MARK = 1024 * 1024;
/** Default `close()` wait for the peer's close frame, ms (Python: 3 s). */
export const DEFAULT_CLOSE_TIMEOUT = 3000;
/**
 * After a protocol violation with earlier messages still queued, the longest
 * the failure's close frame waits for the caller to take them, ms.
 */
export const DEFAULT_FAILURE_DELAY = 1000;
