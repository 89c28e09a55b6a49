/**
 * RFC 6455 §5.2: "Opcode: 4 bits. Defines the interpretation of the
 * 'Payload data'." The names are Python websocket-client's.
 */

/** %x0 denotes a continuation frame. */
export const OPCODE_CONT = 0x0;
/** %x1 denotes a text frame. */
export const OPCODE_TEXT = 0x1;
/** %x2 denotes a binary frame. */
export const OPCODE_BINARY = 0x2;
/** %x8 denotes a connection close. */
export const OPCODE_CLOSE = 0x8;
/** %x9 denotes a ping. */
export const OPCODE_PING = 0x9;
/** %xA denotes a pong. */
export const OPCODE_PONG = 0xa;

/** The opcodes RFC 6455 defines; every other value is reserved. */
export type Opcode = 0 | 1 | 2 | 8 | 9 | 10;

/** Every defined opcode, as Python's `ABNF.OPCODES`. */
export const OPCODES: readonly Opcode[] = Object.freeze([
  OPCODE_CONT,
  OPCODE_TEXT,
  OPCODE_BINARY,
  OPCODE_CLOSE,
  OPCODE_PING,
  OPCODE_PONG,
] as Opcode[]);

/** Opcode to name, as Python's `ABNF.OPCODE_MAP`. */
export const OPCODE_MAP: Readonly<Record<Opcode, string>> = Object.freeze({
  [OPCODE_CONT]: "cont",
  [OPCODE_TEXT]: "text",
  [OPCODE_BINARY]: "binary",
  [OPCODE_CLOSE]: "close",
  [OPCODE_PING]: "ping",
  [OPCODE_PONG]: "pong",
} as Record<Opcode, string>);

/** True for the six opcodes RFC 6455 defines. */
export function isKnownOpcode(opcode: number): opcode is Opcode {
  return opcode <= 2 || (opcode >= 8 && opcode <= 10);
}

/**
 * RFC 6455 §5.5: "Control frames are identified by opcodes where the most
 * significant bit of the opcode is 1."
 */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}
