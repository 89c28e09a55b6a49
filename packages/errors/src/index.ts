/**
 * The errors every wsclient package throws, named as Python's
 * websocket-client names them.
 *
 * ```
 * WebSocketException
 * ├─ WebSocketProtocolException          RFC 6455 violations (close code 1002)
 * ├─ WebSocketPayloadException           bad UTF-8 (1007), too big (1009)
 * ├─ WebSocketConnectionClosedException  closed; carries the peer's code/reason
 * ├─ WebSocketTimeoutException           connect, handshake, read, close waits
 * ├─ WebSocketProxyException             HTTP CONNECT / SOCKS failures
 * ├─ WebSocketBadStatusException         handshake status other than 101
 * ├─ WebSocketAddressException           DNS / unreachable address
 * └─ WebSocketTlsException               certificate and TLS failures
 * ```
 *
 * @packageDocumentation
 */
export {
  type BadStatusDetails,
  type ResponseHeaders,
  WebSocketBadStatusException,
} from "./bad-status-exception.js";
export {
  WebSocketAddressException,
  WebSocketConnectionClosedException,
  WebSocketPayloadException,
  WebSocketProtocolException,
  WebSocketProxyException,
  WebSocketTimeoutException,
  WebSocketTlsException,
} from "./subclasses.js";
export { WebSocketException, type WebSocketExceptionOptions } from "./websocket-exception.js";
