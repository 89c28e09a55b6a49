import {
  WebSocketAddressException,
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProxyException,
  WebSocketTimeoutException,
  WebSocketTlsException,
} from "@wsclient/errors";

/**
 * What a reconnect predicate answers: `false` to stop, `true` to retry after
 * the backoff, or a delay in ms to retry after at least that long (the
 * backoff's own draw still applies when it is longer).
 */
export type RetryDecision = boolean | number;

/** A reconnect predicate: how one connection or attempt ended → what to do. */
export type ShouldReconnect = (error: unknown) => RetryDecision;

/**
 * HTTP statuses of the opening handshake worth asking again for.
 *
 * RFC 9110 §15.6: 500 Internal Server Error, 502 Bad Gateway, 503 Service
 * Unavailable and 504 Gateway Timeout are conditions of the server or a
 * gateway, not of the request. §15.5.9: 408 Request Timeout ("the client MAY
 * repeat that request"); RFC 6585 §4: 429 Too Many Requests. Every other
 * status (401, 403, 404, 501, 505, a 200 from a plain web server, an
 * exhausted redirect) would only be answered the same way again.
 */
const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Close codes after which a new connection is worth trying.
 *
 * RFC 6455 §7.4.1: "1001 indicates that an endpoint is 'going away', such as
 * a server going down"; 1006 is "reserved value ... designated for use in
 * applications expecting a status code to indicate that the connection was
 * closed abnormally". IANA registry: 1011 Internal Error, 1012 Service
 * Restart, 1013 Try Again Later, 1014 Bad Gateway.
 */
const RETRY_CODES: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 1013, 1014]);

/**
 * Close codes that end the session cleanly.
 *
 * RFC 6455 §7.4.1: "1000 indicates a normal closure, meaning that the
 * purpose for which the connection was established has been fulfilled."
 * 1005 ("no status code was actually present") is a close frame with an
 * empty body: a clean close all the same.
 */
const CLEAN_CODES: ReadonlySet<number> = new Set([1000, 1005]);

/** Close code 1013, "Try Again Later" (IANA WebSocket Close Code Number Registry). */
export const TRY_AGAIN_LATER = 1013;

/** Node error codes of a TLS handshake cut by the network rather than refused. */
const TLS_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ERR_SOCKET_CLOSED",
  "ETIMEDOUT",
]);

function nodeCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The close code a disconnect carries: the server's close frame, the code
 * core failed the connection with, or 1006 for a connection lost without a
 * close frame. `undefined` when `error` is not about a closed connection.
 */
export function closeCodeOf(error: unknown): number | undefined {
  if (!WebSocketConnectionClosedException.isInstance(error)) return undefined;
  return (error as WebSocketConnectionClosedException).closeCode ?? 1006;
}

/**
 * The delay a `Retry-After` header asks for, in ms (RFC 9110 §10.2.3:
 * "Retry-After = HTTP-date / delay-seconds"), or `undefined` when absent or
 * unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // IMF-fixdate and the two obsolete formats all start with a day name.
  const at = /^[A-Za-z]{3}/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The default reconnect decision, shared by `runForever` and `connect()`:
 *
 * | how it ended | decision |
 * |---|---|
 * | network error (refused, reset, DNS), timeout, ping timeout | retry |
 * | handshake 500, 502, 503, 504, 408, 429 | retry (`Retry-After` honoured on 429 and 503) |
 * | any other handshake status (401, 403, 404, 501, …) | stop |
 * | close 1001, 1006 (lost), 1011, 1012, 1013, 1014, 3000–4999 | retry |
 * | close 1000, 1005 (clean) | stop |
 * | close 1002, 1003, 1007, 1008, 1009, 1010 and other 1xxx | stop |
 * | protocol error in the handshake, TLS certificate error | stop |
 * | any other error that is not a `WebSocketException` | retry |
 */
export function defaultShouldReconnect(error: unknown): RetryDecision {
  if (WebSocketBadStatusException.isInstance(error)) {
    const e = error as WebSocketBadStatusException;
    if (!RETRY_STATUSES.has(e.statusCode)) return false;
    if (e.statusCode === 429 || e.statusCode === 503) {
      return parseRetryAfter(e.respHeaders["retry-after"]) ?? true;
    }
    return true;
  }
  const code = closeCodeOf(error);
  if (code !== undefined) {
    if (CLEAN_CODES.has(code)) return false;
    return RETRY_CODES.has(code) || (code >= 3000 && code <= 4999);
  }
  if (WebSocketTimeoutException.isInstance(error)) return true;
  if (WebSocketTlsException.isInstance(error)) {
    const cause = (error as Error).cause;
    return TLS_NETWORK_CODES.has(nodeCode(cause) ?? "");
  }
  // Address (DNS, refused, unreachable) and proxy errors are the network's.
  if (WebSocketAddressException.isInstance(error)) return true;
  if (WebSocketProxyException.isInstance(error)) return true;
  if (WebSocketException.isInstance(error)) return false;
  return true;
}

/**
 * Checks what a predicate answered.
 *
 * @throws WebSocketException when it is neither a boolean nor a delay >= 0.
 */
export function checkDecision(decision: unknown): RetryDecision {
  if (typeof decision === "boolean") return decision;
  if (typeof decision === "number" && decision >= 0 && Number.isFinite(decision)) return decision;
  throw new WebSocketException(
    `reconnect.shouldReconnect must return true, false or a delay in ms >= 0, got ${String(decision)}`,
  );
}
