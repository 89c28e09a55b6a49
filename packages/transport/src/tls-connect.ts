import { appendFileSync } from "node:fs";
import type { Duplex } from "node:stream";
import { type ConnectionOptions, connect, type TLSSocket } from "node:tls";
import { WebSocketTlsException } from "@wsclient/errors";
import { abortable } from "./deadline.js";
import { tlsError } from "./node-errors.js";

/**
 * Runs a TLS handshake over an open socket and resolves once it is done (and,
 * unless verification was turned off, the certificate and host name checked).
 *
 * @param where The peer, for error messages (`host:port`).
 * @param keylogFile Append TLS key log lines here (the `SSLKEYLOGFILE` variable).
 * @throws WebSocketTlsException saying what failed (also unusable key
 *   material, e.g. a wrong passphrase), with Node's error as `cause`.
 */
export function startTls(
  socket: Duplex,
  options: ConnectionOptions,
  where: string,
  signal: AbortSignal,
  track: (socket: TLSSocket) => void,
  keylogFile?: string,
): Promise<TLSSocket> {
  let tlsSocket: TLSSocket;
  try {
    tlsSocket = connect({ ...options, socket });
  } catch (cause) {
    // Key material Node cannot use (a wrong passphrase: "bad decrypt", a key
    // that does not match the certificate) throws before any byte is sent.
    const message = cause instanceof Error ? cause.message : String(cause);
    return Promise.reject(
      new WebSocketTlsException(
        `TLS setup for ${where} failed: ${message} (check the client certificate, its key and the key's passphrase)`,
        { cause },
      ),
    );
  }
  track(tlsSocket);
  if (keylogFile) {
    // As Python does with SSLKEYLOGFILE: NSS key log lines, for Wireshark.
    tlsSocket.on("keylog", (line: Buffer) => {
      try {
        appendFileSync(keylogFile, line, { mode: 0o600 });
      } catch {
        // A key log that cannot be written must not break the connection.
      }
    });
  }
  const hostname = options.host ?? "";
  return abortable<TLSSocket>(signal, (resolve, reject) => {
    const onSecure = (): void => resolve(tlsSocket);
    const onError = (err: unknown): void => reject(tlsError(err, where, hostname));
    const onClose = (): void =>
      reject(
        tlsError(
          Object.assign(new Error("socket closed"), { code: "ECONNRESET" }),
          where,
          hostname,
        ),
      );
    tlsSocket.once("secureConnect", onSecure);
    tlsSocket.once("error", onError);
    tlsSocket.once("close", onClose);
    return () => {
      tlsSocket.off("secureConnect", onSecure);
      tlsSocket.off("error", onError);
      tlsSocket.off("close", onClose);
    };
  });
}
