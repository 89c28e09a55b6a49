/**
 * WebSocketApp: callbacks, runForever, keepalive pings and reconnect with backoff.
 *
 * @packageDocumentation
 */
export { abortableSleep } from "./abortable-sleep.js";
export type { AppLogger } from "./callback-runner.js";
export { parseCloseArgs } from "./close-args.js";
export { connect, type ReconnectingOptions, type ReconnectOnlyOptions } from "./connect.js";
export { getReconnect, type ReconnectSetting, setReconnect } from "./default-reconnect.js";
export { Keepalive, type KeepaliveOptions } from "./keepalive.js";
export type {
  AppCloseOptions,
  AppHeader,
  RunForeverOptions,
  WebSocketAppOptions,
} from "./options.js";
export {
  backoff,
  backoffDelay,
  normalizeReconnect,
  type ReconnectOptions,
  type ReconnectPolicy,
} from "./reconnect-policy.js";
export {
  closeCodeOf,
  defaultShouldReconnect,
  parseRetryAfter,
  type RetryDecision,
  type ShouldReconnect,
} from "./retry-policy.js";
export { RetrySchedule, type RetryStep } from "./retry-schedule.js";
export { SendQueue, type SendQueueOptions, type SendQueueSetting } from "./send-queue.js";
export {
  MIN_RECONNECT_DELAY,
  validateKeepalive,
  validateReconnectDelay,
} from "./validate-run-options.js";
export { WebSocketApp } from "./websocket-app.js";
