import { WebSocketConnectionClosedException } from "@wsclient/errors";

/** How a `runForever` session ended, as its loop records it. */
export interface SessionEnd {
  /** The error that ended it, or `null`. */
  error: unknown;
  /** The close code of the server's close frame, or `null` when none came. */
  code: number | null;
  /** The close reason of that frame, or `null`. */
  reason: string | null;
}

/**
 * The one value a reconnect predicate sees: the error that ended the
 * session, else the server's close frame as a
 * `WebSocketConnectionClosedException` with its `closeCode` and
 * `closeReason`, else a connection lost without one (`closeCode` 1006).
 */
export function endedBy(end: SessionEnd): unknown {
  if (end.error !== null && end.error !== undefined) return end.error;
  if (end.code !== null) {
    return new WebSocketConnectionClosedException(
      `Connection closed by the peer (code ${end.code}${end.reason ? `, reason "${end.reason}"` : ""})`,
      { closeCode: end.code, closeReason: end.reason ?? "" },
    );
  }
  return new WebSocketConnectionClosedException("Connection to remote host was lost.", {
    closeCode: 1006,
  });
}
