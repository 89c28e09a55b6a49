import {
  type ConnectOptions,
  getDefaultTimeout,
  splitOptions,
  type WebSocketOptions,
} from "@wsclient/core";
import type { AppHeader, RunForeverOptions, WebSocketAppOptions } from "./options.js";

/** A copy of `o` without its `undefined` values. */
export function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The `WebSocket` and `connect` options of one connection of `runForever`:
 * every core option given to `runForever` (its own keys taken out), plus
 * what the app manages — the constructor's header (already resolved),
 * cookie, subprotocols, mask keys and prepared socket, `fireContFrame` when
 * there is an `onContMessage`, and the app's stop signal. Only options
 * actually given are passed, so `proxyType` defaults to HTTP CONNECT in
 * transport (Python passes `None` and fails).
 */
export function sessionOptions(
  o: RunForeverOptions,
  app: WebSocketAppOptions<never>,
  managed: { header: AppHeader | undefined; socket: ConnectOptions["socket"]; signal: AbortSignal },
): [WebSocketOptions, ConnectOptions] {
  const {
    pingInterval: _interval,
    pingTimeout: _timeout,
    pingPayload: _payload,
    reconnect: _reconnect,
    signal: _signal,
    timeout: _readTimeout,
    ...connection
  } = o;
  const [coreOptions, coreConnect] = splitOptions(connection);
  const wsOptions: WebSocketOptions = definedOnly({
    ...coreOptions,
    fireContFrame: app.onContMessage !== undefined,
    getMaskKey: app.getMaskKey,
  });
  const timeout = o.timeout === undefined ? getDefaultTimeout() : o.timeout;
  const connectOptions: ConnectOptions = definedOnly({
    ...coreConnect,
    header: managed.header,
    cookie: app.cookie,
    subprotocols: app.subprotocols,
    socket: managed.socket,
    timeout: timeout ?? undefined,
    signal: managed.signal,
  });
  return [wsOptions, connectOptions];
}
