import type { TransportOptions } from "./open-connection.js";

/**
 * Every key of {@link TransportOptions}, once: the packages above build their
 * option lists from it, and a key missing here (or here but not in the
 * type) is a compile error.
 */
export const TRANSPORT_OPTION_KEYS = [
  "timeout",
  "signal",
  "sockopt",
  "sslopt",
  "socket",
  "lookup",
  "env",
  "onread",
  "httpProxyHost",
  "httpProxyPort",
  "httpProxyAuth",
  "httpNoProxy",
  "proxyType",
  "httpProxyTimeout",
] as const satisfies readonly (keyof TransportOptions)[];

/** Compile-time check: the list names every key of the type (a missing key fails here). */
type EveryKey<Missing extends never> = Missing;
export type TransportOptionKeysComplete = EveryKey<
  Exclude<keyof TransportOptions, (typeof TRANSPORT_OPTION_KEYS)[number]>
>;
