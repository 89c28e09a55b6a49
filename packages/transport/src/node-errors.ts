import {
  WebSocketAddressException,
  WebSocketException,
  WebSocketTlsException,
} from "@wsclient/errors";

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA"]);

const CONNECT_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
  ETIMEDOUT: "connect timed out in the kernel",
  ENOENT: "no such socket file",
  EACCES: "permission denied",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
};

/** The `code` of a Node error, or of the first one inside an AggregateError. */
export function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; errors?: unknown[] } | null;
  if (e && typeof e.code === "string") return e.code;
  if (e && Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = errorCode(inner);
      if (code) return code;
    }
  }
  return undefined;
}

/** Maps a failure to open a TCP or Unix connection to a typed error. */
export function connectError(err: unknown, where: string, hostname?: string): WebSocketException {
  if (WebSocketException.isInstance(err)) return err as WebSocketException;
  const code = errorCode(err);
  if (code && DNS_CODES.has(code)) {
    return new WebSocketAddressException(
      `Cannot resolve host ${JSON.stringify(hostname ?? where)} (${code})`,
      { cause: err },
    );
  }
  const words = code ? CONNECT_WORDS[code] : undefined;
  const detail = words ? `${words} (${code})` : err instanceof Error ? err.message : String(err);
  return new WebSocketAddressException(`Cannot connect to ${where}: ${detail}`, { cause: err });
}

const VERIFY_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "CERT_SIGNATURE_FAILURE",
]);

/** Maps a failed TLS handshake to a {@link WebSocketTlsException} that says what failed. */
export function tlsError(err: unknown, where: string, hostname: string): WebSocketException {
  if (WebSocketException.isInstance(err)) return err as WebSocketException;
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return new WebSocketTlsException(
      `TLS certificate of ${where} does not match the host name ${JSON.stringify(hostname)}: ${message}`,
      { cause: err },
    );
  }
  if (code && VERIFY_CODES.has(code)) {
    return new WebSocketTlsException(
      `TLS certificate verification failed for ${where}: ${message} (${code})`,
      { cause: err },
    );
  }
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ERR_SOCKET_CLOSED") {
    return new WebSocketTlsException(
      `The peer closed the connection during the TLS handshake with ${where} (${code})`,
      { cause: err },
    );
  }
  return new WebSocketTlsException(
    `TLS handshake with ${where} failed: ${message}${code ? ` (${code})` : ""}`,
    { cause: err },
  );
}
