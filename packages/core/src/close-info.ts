import { WebSocketConnectionClosedException } from "@wsclient/errors";
import type { ClientProtocol } from "./protocol/client-protocol.js";
import { peerClosedError } from "./receive-handlers.js";

/** How a connection ended: the close code and reason, and who started the closing. */
export interface CloseInfo {
  code: number;
  reason: string;
  by: "local" | "remote";
}

/**
 * The close code and reason once a close frame arrived or the socket
 * closed: the peer's, else our failure's, else 1006 (no close frame);
 * null while the connection is open.
 */
export function closeInfo(
  protocol: ClientProtocol,
  socketClosed: boolean,
  localClose: boolean,
): CloseInfo | null {
  const rcvd = protocol.closeRcvd;
  if (rcvd === null && !socketClosed) return null;
  const by = localClose ? "local" : "remote";
  if (rcvd !== null) return { code: rcvd.code, reason: rcvd.reason, by };
  const code = protocol.failure?.closeCode;
  return { code: code ?? 1006, reason: "", by };
}

/** Why the connection is over, as `recv` reports it. */
export function closedError(
  protocol: ClientProtocol,
  clean: boolean,
  closingLocally: boolean,
  socketError: Error | null,
): WebSocketConnectionClosedException {
  const rcvd = protocol.closeRcvd;
  if (rcvd) return peerClosedError(rcvd.code, rcvd.reason);
  const failure = protocol.failure;
  if (failure) {
    return new WebSocketConnectionClosedException(
      `Connection closed after an error: ${failure.message}`,
      { closeCode: failure.closeCode, cause: failure },
    );
  }
  if (closingLocally) {
    return new WebSocketConnectionClosedException("socket is already closed.", {
      closeCode: protocol.closeSent?.code,
    });
  }
  return new WebSocketConnectionClosedException(
    clean ? "Connection is already closed." : "Connection to remote host was lost.",
    { closeCode: 1006, cause: socketError ?? undefined },
  );
}
