/**
 * WebSocketApp: callbacks, runForever, keepalive pings and reconnect with backoff.
 *
 * @packageDocumentation
 */
export { abortableSleep } from "./abortable-sleep.js";
export type { AppLogger } from "./callback-runner.js";
export { parseCloseArgs } from "./close-args.js";
export { getReconnect, type ReconnectSetting, setReconnect } from "./default-reconnect.js";
export { Keepalive, type KeepaliveOptions } from "./keepalive.js";
export type { AppHeader, RunForeverOptions, WebSocketAppOptions } from "./options.js";
export {
  backoff,
  backoffDelay,
  defaultShouldReconnect,
  normalizeReconnect,
  type ReconnectOptions,
  type ReconnectPolicy,
} from "./reconnect-policy.js";
export {
  MIN_RECONNECT_DELAY,
  validateKeepalive,
  validateReconnectDelay,
} from "./validate-run-options.js";
export { type AppCloseOptions, WebSocketApp } from "./websocket-app.js";
