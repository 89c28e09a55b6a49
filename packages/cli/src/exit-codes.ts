import {
  WebSocketAddressException,
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
  WebSocketProxyException,
  WebSocketTimeoutException,
  WebSocketTlsException,
} from "@wsclient/errors";

/**
 * wsdump's exit statuses. Scripts can tell what went wrong without parsing
 * the message.
 *
 * | status | meaning |
 * |---|---|
 * | 0 | normal close: the server closed with 1000/1001, or we closed (end of input, `--count`, `/close`, Ctrl+C, the output pipe closed) |
 * | 1 | any other failure |
 * | 2 | bad command line (a malformed URL or `--proxy` too) |
 * | 3 | connection failed: DNS, refused, TLS, proxy, connection lost before the upgrade |
 * | 4 | handshake rejected: a status other than 101, or an invalid upgrade response |
 * | 5 | protocol error: the peer broke RFC 6455 (bad frame, bad UTF-8, message too big) |
 * | 6 | timeout: connect, read (`--timeout`) or keepalive (`--ping-timeout`) |
 * | 7 | the server closed with another code than 1000/1001, or the connection dropped without a close frame |
 */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  CONNECT: 3,
  HANDSHAKE: 4,
  PROTOCOL: 5,
  TIMEOUT: 6,
  ABNORMAL_CLOSE: 7,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit status for an error. `phase` says whether the connection was open
 * yet: before the upgrade completes, a closed connection or an unknown error
 * is a connection failure and a bare `WebSocketException` is a handshake
 * failure (the handshake package throws those for bad upgrade responses).
 */
export function exitCodeFor(error: unknown, phase: "connect" | "open"): ExitCode {
  if (WebSocketTimeoutException.isInstance(error)) return EXIT.TIMEOUT;
  if (WebSocketBadStatusException.isInstance(error)) return EXIT.HANDSHAKE;
  if (
    WebSocketAddressException.isInstance(error) ||
    WebSocketProxyException.isInstance(error) ||
    WebSocketTlsException.isInstance(error)
  ) {
    return EXIT.CONNECT;
  }
  if (WebSocketProtocolException.isInstance(error) || WebSocketPayloadException.isInstance(error)) {
    return phase === "connect" ? EXIT.HANDSHAKE : EXIT.PROTOCOL;
  }
  if (WebSocketConnectionClosedException.isInstance(error)) {
    return phase === "connect" ? EXIT.CONNECT : EXIT.ABNORMAL_CLOSE;
  }
  if (WebSocketException.isInstance(error)) {
    return phase === "connect" ? EXIT.HANDSHAKE : EXIT.FAILURE;
  }
  if (isSystemError(error)) return phase === "connect" ? EXIT.CONNECT : EXIT.ABNORMAL_CLOSE;
  return EXIT.FAILURE;
}

/** The exit status for a close the server started, from its close code. */
export function exitCodeForClose(code: number | null | undefined): ExitCode {
  return code === 1000 || code === 1001 ? EXIT.OK : EXIT.ABNORMAL_CLOSE;
}

function isSystemError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    /^E[A-Z]+$/.test((error as { code: string }).code)
  );
}
