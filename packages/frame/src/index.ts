/**
 * RFC 6455 WebSocket framing: ABNF frames, an incremental parser, masking, close payloads and streaming UTF-8 validation. No Node-only APIs.
 *
 * @packageDocumentation
 */
export {};
