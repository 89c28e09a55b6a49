/**
 * The connection states of RFC 6455 §4.1 and §7 (the WebSocket API's
 * `readyState` values).
 */
export const State = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;

/** One of {@link State}'s values. */
export type State = (typeof State)[keyof typeof State];
