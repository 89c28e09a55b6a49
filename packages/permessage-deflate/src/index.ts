/**
 * RFC 7692 permessage-deflate for wsclient: an `Extension` for
 * `@wsclient/core` (`extensions: [permessageDeflate()]`), registered by the
 * `wsclient` facade so compression is on by default there.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_THRESHOLD,
  EXTENSION_NAME,
  MAX_WINDOW_BITS,
  MIN_WINDOW_BITS,
} from "./constants.js";
export { PermessageDeflate, permessageDeflate } from "./extension.js";
export type { AgreedParameters } from "./negotiate.js";
export type { DeflateOfferOptions, PerMessageDeflateOptions } from "./options.js";
export { DeflateSession } from "./session.js";
export { getZlibConcurrency, setZlibConcurrency, zlibJobs } from "./zlib-limiter.js";
