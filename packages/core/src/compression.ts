import { WebSocketException } from "@wsclient/errors";
import type { Extension } from "./extension.js";

/**
 * The `compression` option: `true` (the registered compression extension's
 * defaults), `false` (none), or that extension's options object (for
 * `@wsclient/permessage-deflate`: `serverNoContextTakeover`,
 * `clientMaxWindowBits`, `threshold`, …). Core itself knows no compression
 * extension; one is registered with {@link registerCompression} (the facade
 * does it on import).
 */
export type CompressionOption = boolean | Readonly<Record<string, unknown>>;

/** Makes the compression extension from the `compression` option (never called with `false`). */
export type CompressionFactory = (options: true | Readonly<Record<string, unknown>>) => Extension;

let factory: CompressionFactory | null = null;

/**
 * Registers the extension that the `compression` option turns on (the
 * `wsclient` facade registers `@wsclient/permessage-deflate`). With none
 * registered, compression is off unless asked for, and asking is an error.
 */
export function registerCompression(make: CompressionFactory | null): void {
  if (make !== null && typeof make !== "function") {
    throw new WebSocketException("registerCompression() takes a function (options) => Extension");
  }
  factory = make;
}

/**
 * The extensions a connection offers: the caller's `extensions`, then the
 * compression extension unless `compression` is false (default: on when one
 * is registered).
 */
export function offeredExtensions(
  extensions: readonly Extension[] | undefined,
  compression: CompressionOption | undefined,
): Extension[] {
  const list = extensions === undefined ? [] : [...extensions];
  if (compression === false) return list;
  if (factory === null) {
    if (compression === undefined) return list;
    throw new WebSocketException(
      "compression needs a compression extension: use the wsclient facade, or pass extensions: [permessageDeflate()] from @wsclient/permessage-deflate (or compression: false)",
    );
  }
  const ext = factory(compression === undefined ? true : compression);
  if (list.some((e) => e.name === ext.name)) return list; // the caller configured it explicitly
  list.push(ext);
  return list;
}
