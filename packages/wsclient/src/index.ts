/**
 * @wsclient/client: a WebSocket client for Node.js with Python websocket-client's
 * API (camelCased, milliseconds): `WebSocket`, `createConnection`,
 * `WebSocketApp`, `ABNF`, the `STATUS_*` codes, the exceptions, the
 * logging helpers, and `wsdump` as a function. Everything here is
 * re-exported from the `@wsclient/*` packages; install those alone for a
 * smaller footprint.
 *
 * Importing it turns compression on by default: it registers
 * `@wsclient/permessage-deflate` with core, so `createConnection`,
 * `WebSocket#connect` and `WebSocketApp` offer permessage-deflate unless
 * given `compression: false`.
 *
 * @packageDocumentation
 */
import { registerCompression } from "@wsclient/core";
import { type PerMessageDeflateOptions, permessageDeflate } from "@wsclient/permessage-deflate";

// Compression on by default, as in browsers, `ws` and python-websockets.
registerCompression((options) =>
  permessageDeflate(options === true ? undefined : (options as PerMessageDeflateOptions)),
);

// WebSocketApp (Python: websocket._app)
export {
  connect,
  defaultShouldReconnect,
  getReconnect,
  type ReconnectingOptions,
  type ReconnectOptions,
  type RunForeverOptions,
  type ShouldReconnect,
  setReconnect,
  WebSocketApp,
  type WebSocketAppOptions,
} from "@wsclient/app";
// the client (Python: websocket._core)
export {
  type CompressionFactory,
  type CompressionOption,
  type ConnectOptions,
  createConnection,
  type Extension,
  type ExtensionSession,
  getDefaultTimeout,
  MessageBuffer,
  registerCompression,
  setDefaultTimeout,
  type TraceHandler,
  WebSocket,
  type WebSocketOptions,
} from "@wsclient/core";
// errors (Python: websocket._exceptions)
export {
  type BadStatusDetails,
  type ResponseHeaders,
  WebSocketAddressException,
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  type WebSocketExceptionOptions,
  WebSocketPayloadException,
  WebSocketProtocolException,
  WebSocketProxyException,
  WebSocketTimeoutException,
  WebSocketTlsException,
} from "@wsclient/errors";
// framing (Python: websocket._abnf)
export {
  ABNF,
  type ClosePayload,
  DEFAULT_MAX_PAYLOAD,
  encodeFrame,
  Frame,
  FrameParser,
  type FrameParserOptions,
  formatClosePayload,
  isValidCloseCode,
  maskInPlace,
  OPCODE_BINARY,
  OPCODE_CLOSE,
  OPCODE_CONT,
  OPCODE_MAP,
  OPCODE_PING,
  OPCODE_PONG,
  OPCODE_TEXT,
  OPCODES,
  type Opcode,
  parseClosePayload,
  STATUS_ABNORMAL_CLOSED,
  STATUS_BAD_GATEWAY,
  STATUS_GOING_AWAY,
  STATUS_INVALID_EXTENSION,
  STATUS_INVALID_PAYLOAD,
  STATUS_MESSAGE_TOO_BIG,
  STATUS_NORMAL,
  STATUS_POLICY_VIOLATION,
  STATUS_PROTOCOL_ERROR,
  STATUS_SERVICE_RESTART,
  STATUS_STATUS_NOT_AVAILABLE,
  STATUS_TLS_HANDSHAKE_ERROR,
  STATUS_TRY_AGAIN_LATER,
  STATUS_UNEXPECTED_CONDITION,
  STATUS_UNSUPPORTED_DATA_TYPE,
  Utf8Validator,
  validateUtf8,
} from "@wsclient/frame";
// handshake (Python: websocket._handshake)
export {
  acceptKey,
  buildRequest,
  type HandshakeRequest,
  type HandshakeResponse,
  nextRedirect,
  ResponseParser,
  validateResponse,
} from "@wsclient/handshake";
// compression (RFC 7692; on by default through the facade)
export {
  type AgreedParameters,
  type DeflateOfferOptions,
  DeflateSession,
  getZlibConcurrency,
  type PerMessageDeflateOptions,
  PermessageDeflate,
  permessageDeflate,
  setZlibConcurrency,
} from "@wsclient/permessage-deflate";
// transport (Python: websocket._url, _http, _socket)
export {
  type Connection,
  chooseProxy,
  DEFAULT_SOCKET_OPTION,
  isNoProxyHost,
  openConnection,
  type ProxyInfo,
  type ProxyType,
  parseTarget,
  parseUrl,
  type SockOpt,
  type SslOpt,
  type TransportOptions,
} from "@wsclient/transport";
// logging (Python: websocket._logging)
export {
  debug,
  dump,
  enableTrace,
  error,
  isEnabledForDebug,
  isEnabledForError,
  isEnabledForTrace,
  type LogHandler,
  trace,
  warning,
} from "./logging.js";
export { __version__ } from "./version.js";
// wsdump, as a library (the `wsdump` command is @wsclient/cli's): loads the CLI on first call
export { wsdump } from "./wsdump.js";
