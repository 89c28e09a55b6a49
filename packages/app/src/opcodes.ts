/**
 * The RFC 6455 §5.2 opcodes the app dispatches on. Kept local so the app
 * needs nothing from `@wsclient/frame` but what `@wsclient/core` hands it.
 *
 * > %x0 denotes a continuation frame, %x1 denotes a text frame, %x2 denotes a
 * > binary frame, %x8 denotes a connection close, %x9 denotes a ping, %xA
 * > denotes a pong.
 */
export const OPCODE_CONT = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;
