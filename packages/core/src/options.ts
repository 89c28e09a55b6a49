import {
  type SockOpt,
  type SslOpt,
  TRANSPORT_OPTION_KEYS,
  type TransportOptions,
} from "@wsclient/transport";
import type { CompressionOption } from "./compression.js";
import type { Extension } from "./extension.js";
import type { TraceHandler } from "./trace.js";

/** Options of `new WebSocket(options)` (Python: the `WebSocket` constructor's keywords). */
export interface WebSocketOptions {
  /** TLS options: Node's `tls.connect` options and Python's `sslopt` keys. */
  sslopt?: SslOpt;
  /** Socket options (noDelay, keepAlive …). */
  sockopt?: SockOpt;
  /** Do not validate received text as UTF-8 (it is still decoded to a string by `recv`). */
  skipUtf8Validation?: boolean;
  /** Deliver each data frame as it arrives instead of assembled messages. */
  fireContFrame?: boolean;
  /** Accepted for Python compatibility; a no-op (sends and receives are always serialized). */
  enableMultithread?: boolean;
  /** Produces the `n` (= 4) masking-key bytes; default: CSPRNG. Deterministic keys are for tests. */
  getMaskKey?: (n: number) => Uint8Array;
  /** Bytes per message (and frame), default 100 MiB; 0 = no limit. Over it: close 1009. */
  maxPayload?: number;
  /** Bytes of received, untaken messages before the socket is paused (default 2 MiB). */
  readHighWaterMark?: number;
  /** Automatic pongs that may wait unsent (ping-flood guard, default 16); older ones are dropped. */
  maxPendingPongs?: number;
  /** Extensions to offer (see the core README, "Extensions"). */
  extensions?: Extension[];
  /**
   * Compression (permessage-deflate): `true`, `false` or its options; on by
   * default when a compression extension is registered (the facade does).
   */
  compression?: CompressionOption;
  /** Trace this connection (`true`, or a line handler); default: the global `enableTrace`. */
  trace?: boolean | TraceHandler;
}

/** Options of `ws.connect(url, options)` (Python: connect keywords, camelCased). */
export interface ConnectOptions extends Omit<TransportOptions, "onread"> {
  /** Extra headers: `"Name: value"` lines or a record (a `null` value drops a default header). */
  header?: string[] | Record<string, string | null>;
  /** A `Cookie` header value. */
  cookie?: string;
  /** The `Origin` header value. */
  origin?: string;
  /** Send no `Origin` header. */
  suppressOrigin?: boolean;
  /** The `Host` header value. */
  host?: string;
  /** Subprotocols to offer. */
  subprotocols?: string[];
  /** Redirects to follow (default 3); more is an error. */
  redirectLimit?: number;
  /** Replaces `Connection: Upgrade` (a value, or Python's whole header line). */
  connection?: string;
  /**
   * The longest the opening may take — connect, proxy, TLS and the upgrade
   * response — in ms (`null`: no limit). Default: `timeout` when set, else
   * 10 000 (as python-websockets' `open_timeout`), so a server that accepts
   * TCP and never answers the upgrade cannot hang `createConnection`.
   */
  openTimeout?: number | null;
}

/** Options of a single receive call. */
export interface RecvOptions {
  /** Cancels this wait (the connection stays usable). */
  signal?: AbortSignal;
  /** Overrides the connection's read timeout for this call (ms, `null` = none). */
  timeout?: number | null;
}

/** Options of `WebSocket.close`. */
export interface CloseOptions {
  /** The close code, default 1000. */
  status?: number;
  /** The close reason (≤ 123 bytes UTF-8). */
  reason?: string | Uint8Array;
  /** How long to wait for the peer's close frame, ms (default 3000; `null` = forever). */
  timeout?: number | null;
}

/** Options of one `send`. */
export interface SendOptions {
  /** The opcode (default: text for a string, binary for bytes). */
  opcode?: number;
  /** `false`: send this message uncompressed (e.g. data that is compressed already). */
  compress?: boolean;
}

/** Every key of {@link WebSocketOptions}, once. */
export const WEBSOCKET_OPTION_KEYS = [
  "sslopt",
  "sockopt",
  "skipUtf8Validation",
  "fireContFrame",
  "enableMultithread",
  "getMaskKey",
  "maxPayload",
  "readHighWaterMark",
  "maxPendingPongs",
  "extensions",
  "compression",
  "trace",
] as const satisfies readonly (keyof WebSocketOptions)[];

/** The opening handshake's keys of {@link ConnectOptions}. */
const HANDSHAKE_OPTION_KEYS = [
  "header",
  "cookie",
  "origin",
  "suppressOrigin",
  "host",
  "subprotocols",
  "redirectLimit",
  "connection",
  "openTimeout",
] as const satisfies readonly (keyof ConnectOptions)[];

/** Every key of {@link ConnectOptions}, once: the transport's (but `onread`, core's own) and the handshake's. */
export const CONNECT_OPTION_KEYS: readonly (keyof ConnectOptions)[] = [
  ...TRANSPORT_OPTION_KEYS.filter((k): k is Exclude<typeof k, "onread"> => k !== "onread"),
  ...HANDSHAKE_OPTION_KEYS,
];

/** A list names every key of its type: a key missing from a list fails to compile here. */
type EveryKey<Missing extends never> = Missing;
export type OptionKeysComplete = [
  EveryKey<Exclude<keyof WebSocketOptions, (typeof WEBSOCKET_OPTION_KEYS)[number]>>,
  EveryKey<
    Exclude<
      keyof ConnectOptions,
      | Exclude<(typeof TRANSPORT_OPTION_KEYS)[number], "onread">
      | (typeof HANDSHAKE_OPTION_KEYS)[number]
    >
  >,
];
