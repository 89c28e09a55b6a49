let defaultTimeout: number | null = null;

/**
 * Sets the timeout (ms) `createConnection` and `WebSocketApp` apply when none
 * is given (Python: `setdefaulttimeout`). `null` = wait forever (the default).
 */
export function setDefaultTimeout(ms: number | null): void {
  defaultTimeout = ms;
}

/** The timeout set by {@link setDefaultTimeout} (Python: `getdefaulttimeout`). */
export function getDefaultTimeout(): number | null {
  return defaultTimeout;
}
