/**
 * RFC 6455 WebSocket framing: ABNF frames, an incremental parser, masking,
 * close payloads and streaming UTF-8 validation. Only `Uint8Array` and
 * web-standard APIs: runs in Node, browsers, Deno and Bun.
 *
 * @packageDocumentation
 */
export { ABNF, Frame, type GetMaskKey, type ValidateOptions } from "./abnf.js";
export {
  type ClosePayload,
  formatClosePayload,
  type ParseClosePayloadOptions,
  parseClosePayload,
} from "./close-payload.js";
export { type EncodeFrameOptions, encodeFrame } from "./encode-frame.js";
export {
  DEFAULT_MAX_PAYLOAD,
  type FeedResult,
  FrameParser,
  type FrameParserOptions,
} from "./frame-parser.js";
export { maskCopy, maskInPlace } from "./mask.js";
export { randomMaskKey } from "./mask-key.js";
export {
  isControlOpcode,
  isKnownOpcode,
  OPCODE_BINARY,
  OPCODE_CLOSE,
  OPCODE_CONT,
  OPCODE_MAP,
  OPCODE_PING,
  OPCODE_PONG,
  OPCODE_TEXT,
  OPCODES,
  type Opcode,
} from "./opcodes.js";
export {
  isValidCloseCode,
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
} from "./status-codes.js";
export { Utf8Validator, validateUtf8 } from "./utf8-validator.js";
