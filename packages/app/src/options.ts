import {
  CONNECT_OPTION_KEYS,
  type ConnectOptions,
  WEBSOCKET_OPTION_KEYS,
  type WebSocket,
  type WebSocketOptions,
} from "@wsclient/core";
import type { AppLogger } from "./callback-runner.js";
import type { ReconnectSetting } from "./default-reconnect.js";
import type { SendQueueSetting } from "./send-queue.js";

/** A handshake header list or record, as `connect({ header })` takes it. */
export type AppHeader = NonNullable<ConnectOptions["header"]>;

/**
 * The constructor options of `WebSocketApp` (Python's keyword arguments).
 * Every callback gets the app first; a callback may return a promise, which
 * is awaited before the next frame is read.
 */
export interface WebSocketAppOptions<App> {
  /**
   * Extra handshake headers: a list of `"Name: value"` lines, a record, or a
   * function (sync or async) returning either, called before every connect
   * and reconnect (for fresh tokens).
   */
  header?: AppHeader | (() => AppHeader | Promise<AppHeader>);
  /** After the first successful handshake (and after a reconnect when `onReconnect` is not set). */
  onOpen?: (app: App) => unknown;
  /** After each successful reconnect. */
  onReconnect?: (app: App) => unknown;
  /**
   * Each complete message: text as `string`, binary as `Uint8Array`. With
   * `runForever({ skipUtf8Validation: true })` text arrives as the raw
   * `Uint8Array`, undecoded, as in Python.
   */
  onMessage?: (app: App, data: string | Uint8Array) => unknown;
  /**
   * Errors: connection failures, protocol errors, the ping/pong timeout and
   * anything a callback throws or rejects with.
   */
  onError?: (app: App, error: unknown) => unknown;
  /**
   * Once, when `runForever` ends: the close code and reason of the last
   * close frame the server sent, or `null`s when it sent none.
   */
  onClose?: (app: App, code: number | null, reason: string | null) => unknown;
  /** A ping arrived (core has already answered it with a pong). */
  onPing?: (app: App, data: Uint8Array) => unknown;
  /**
   * A pong arrived; `latency` is the connection's last measured round trip
   * in ms (keepalive pings measure it; `null` before the first).
   */
  onPong?: (app: App, data: Uint8Array, latency: number | null) => unknown;
  /**
   * Setting this delivers messages frame by frame (`fireContFrame`): the
   * first fragment goes to `onData`/`onMessage`, each continuation frame
   * here, as raw bytes, with `fin` true on the last.
   */
  onContMessage?: (app: App, data: Uint8Array, fin: boolean) => unknown;
  /**
   * Before `onMessage`, with the message's real opcode (1 text, 2 binary;
   * 0 for a continuation frame when `onContMessage` is set) and `fin`.
   */
  onData?: (app: App, data: string | Uint8Array, opcode: number, fin: boolean) => unknown;
  /** A `Cookie` header value. */
  cookie?: string;
  /** Subprotocols to offer. */
  subprotocols?: string[];
  /** Mask key source, for tests. */
  getMaskKey?: (n: number) => Uint8Array;
  /**
   * A pre-connected socket for the first connection. Reconnects open a new
   * connection to `url` (Python reuses the closed socket).
   */
  socket?: ConnectOptions["socket"];
  /** Where errors from callbacks go when there is no `onError`. Default `console`. */
  logger?: AppLogger;
  /**
   * Queue messages sent while `runForever` is connecting or reconnecting,
   * instead of rejecting them (Python raises
   * `WebSocketConnectionClosedException` there, and so does the default,
   * `false`). `true` holds up to 1000 messages / 1 MiB; or give
   * `{ maxMessages, maxBytes }`. Queued messages go out in order right after
   * `onOpen`/`onReconnect` (whose own sends go first); a send that would
   * pass a bound, and every queued message when the app stops, is rejected
   * with `WebSocketConnectionClosedException`.
   */
  sendQueue?: SendQueueSetting;
  /** Makes the `WebSocket` for each connection. Default `new WebSocket(options)`. */
  createSocket?: (options: WebSocketOptions) => WebSocket;
}

/**
 * Core options the app sets itself — from its constructor (`header`,
 * `cookie`, `subprotocols`, `getMaskKey`, `socket`), from `onContMessage`
 * (`fireContFrame`) — or that mean something else here (`signal`).
 */
export const APP_MANAGED_KEYS = [
  "header",
  "cookie",
  "subprotocols",
  "getMaskKey",
  "socket",
  "fireContFrame",
  "signal",
] as const;

/** Every connect and `WebSocket` option of core but those the app manages: derived, so it cannot drift. */
export type RunConnectionOptions = Omit<
  ConnectOptions & WebSocketOptions,
  (typeof APP_MANAGED_KEYS)[number]
>;

/**
 * The options of `runForever` (Python's keyword arguments, times in ms):
 * its own, plus every connection option core has (`sslopt`, proxies,
 * `timeout`, `openTimeout`, `maxPayload`, `readHighWaterMark`, `compression`,
 * `trace`, `lookup`, `env` …).
 */
export interface RunForeverOptions extends RunConnectionOptions {
  /** Send a ping every this many ms, the first one interval after open; 0 (default) for none. */
  pingInterval?: number;
  /** Drop the connection when no pong arrives this many ms after a ping. Must be < `pingInterval`. */
  pingTimeout?: number | null;
  /** The payload of keepalive pings. */
  pingPayload?: string | Uint8Array;
  /**
   * Reconnect after a disconnect: a fixed delay in ms (Python), `true` for
   * the default backoff, or backoff options. Default: what `setReconnect`
   * set, `0` (off) unless changed.
   */
  reconnect?: ReconnectSetting;
  /** Aborting closes the app, as `app.close()` does. */
  signal?: AbortSignal;
}

/** `runForever`'s own keys. */
const RUN_OWN_KEYS = [
  "pingInterval",
  "pingTimeout",
  "pingPayload",
  "reconnect",
  "signal",
] as const satisfies readonly (keyof RunForeverOptions)[];

/** Every key `runForever` takes: its own and core's, but those the app manages. */
export const RUN_FOREVER_KEYS: readonly string[] = [
  ...RUN_OWN_KEYS,
  ...[...WEBSOCKET_OPTION_KEYS, ...CONNECT_OPTION_KEYS].filter(
    (k) => !(APP_MANAGED_KEYS as readonly string[]).includes(k),
  ),
];

/** The callbacks of {@link WebSocketAppOptions} (checked to be functions). */
export const CALLBACK_NAMES = [
  "onOpen",
  "onReconnect",
  "onMessage",
  "onError",
  "onClose",
  "onPing",
  "onPong",
  "onContMessage",
  "onData",
  "createSocket",
] as const;

/** Every key of {@link WebSocketAppOptions}, once: the callbacks and the rest. */
export const APP_OPTION_KEYS = [
  ...CALLBACK_NAMES,
  "header",
  "cookie",
  "subprotocols",
  "getMaskKey",
  "socket",
  "logger",
  "sendQueue",
] as const satisfies readonly (keyof WebSocketAppOptions<unknown>)[];

/** A list names every key of its type: a key missing from a list fails to compile here. */
type EveryKey<Missing extends never> = Missing;
export type AppOptionKeysComplete = [
  EveryKey<Exclude<keyof WebSocketAppOptions<unknown>, (typeof APP_OPTION_KEYS)[number]>>,
  EveryKey<
    Exclude<keyof RunForeverOptions, (typeof RUN_OWN_KEYS)[number] | keyof RunConnectionOptions>
  >,
];

/** Options for {@link WebSocketApp.close}, as `WebSocket.close` takes them. */
export interface AppCloseOptions {
  /** Close status code. Default 1000. */
  status?: number;
  /** Close reason. */
  reason?: string | Uint8Array;
  /** How long to wait for the server's close frame, in ms. Default 3000. */
  timeout?: number;
}
