import { WebSocketException } from "./websocket-exception.js";

/**
 * The peer (or the caller) broke RFC 6455: reserved bits, bad opcodes, bad
 * fragmentation, a bad handshake field … Usually carries close code 1002.
 */
export class WebSocketProtocolException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_PROTOCOL";
  static override readonly errorName: string = "WebSocketProtocolException";
}

/**
 * A payload was refused: invalid UTF-8 in text (1007), a message over the size
 * limit (1009), a bad close payload.
 */
export class WebSocketPayloadException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_PAYLOAD";
  static override readonly errorName: string = "WebSocketPayloadException";
}

/**
 * The connection is closed (or was never opened). When the peer sent a close
 * frame, `closeCode` and `closeReason` carry what it said.
 */
export class WebSocketConnectionClosedException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_CONNECTION_CLOSED";
  static override readonly errorName: string = "WebSocketConnectionClosedException";
}

/** A connect, handshake, read or close wait ran out of time. */
export class WebSocketTimeoutException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_TIMEOUT";
  static override readonly errorName: string = "WebSocketTimeoutException";
}

/** An HTTP CONNECT or SOCKS proxy refused or failed the tunnel. */
export class WebSocketProxyException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_PROXY";
  static override readonly errorName: string = "WebSocketProxyException";
}

/** The host name could not be resolved or no address could be reached. */
export class WebSocketAddressException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_ADDRESS";
  static override readonly errorName: string = "WebSocketAddressException";
}

/**
 * TLS failed: the certificate did not verify, the host name did not match, or
 * the TLS handshake broke. The Node error is kept as `cause`. (Python raises
 * `ssl.SSLError` here; we keep the whole family under `WebSocketException`.)
 */
export class WebSocketTlsException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_TLS";
  static override readonly errorName: string = "WebSocketTlsException";
}
