/**
 * The pull-style WebSocket client: `WebSocket`, `createConnection` (Python
 * websocket-client's API in TypeScript), and the sans-I/O `ClientProtocol`
 * it is built on.
 *
 * @packageDocumentation
 */
export type { Opcode } from "@wsclient/frame";
export { checkOptions, isAbortSignal } from "./check-options.js";
export {
  type CompressionFactory,
  type CompressionOption,
  registerCompression,
} from "./compression.js";
export { createConnection, splitOptions } from "./create-connection.js";
export { getDefaultTimeout, setDefaultTimeout } from "./default-timeout.js";
export {
  DEFAULT_CLOSE_TIMEOUT,
  DEFAULT_FAILURE_DELAY,
  DEFAULT_OPEN_TIMEOUT,
  DEFAULT_READ_HIGH_WATER_MARK,
} from "./defaults.js";
export type {
  DecodeInfo,
  Encoded,
  EncodeInfo,
  Extension,
  ExtensionSession,
} from "./extension.js";
export {
  type CloseOptions,
  CONNECT_OPTION_KEYS,
  type ConnectOptions,
  type RecvOptions,
  type SendOptions,
  WEBSOCKET_OPTION_KEYS,
  type WebSocketOptions,
} from "./options.js";
export { ClientProtocol } from "./protocol/client-protocol.js";
export type {
  CloseEvent,
  ControlEvent,
  EofEvent,
  ErrorEvent,
  FragmentEvent,
  MessageEvent,
  ProtocolEvent,
} from "./protocol/events.js";
export { MessageBuffer } from "./protocol/message-buffer.js";
export {
  type ClientProtocolOptions,
  DEFAULT_MAX_PAYLOAD,
  DEFAULT_MAX_PENDING_PONGS,
} from "./protocol/protocol-options.js";
export { State } from "./protocol/state.js";
export { enableTrace, type TraceHandler } from "./trace.js";
export { WebSocket } from "./websocket.js";
