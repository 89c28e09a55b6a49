import { latin1Bytes, toBytes, typeOf } from "./bytes.js";
import { parseClosePayload } from "./close-payload.js";
import { writeFrame } from "./encode-frame.js";
import { protocolError, usageError } from "./frame-errors.js";
import { checkFrameHeader } from "./frame-rules.js";
import { maskCopy } from "./mask.js";
import { randomMaskKey } from "./mask-key.js";
import {
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

/** Options of {@link ABNF.validate}. */
export interface ValidateOptions {
  /** An extension (permessage-deflate) was negotiated that gives RSV1 a meaning. */
  allowRsv1?: boolean;
}

/** A function returning `n` masking-key bytes (Python's `get_mask_key`). */
export type GetMaskKey = (n: number) => Uint8Array;

/**
 * One WebSocket frame, named after the ABNF of RFC 6455 §5.2 as Python's
 * websocket-client names it (also exported as `Frame`).
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * ```
 */
export class ABNF {
  /** Continuation frame opcode (0x0). */
  static readonly OPCODE_CONT = OPCODE_CONT;
  /** Text frame opcode (0x1). */
  static readonly OPCODE_TEXT = OPCODE_TEXT;
  /** Binary frame opcode (0x2). */
  static readonly OPCODE_BINARY = OPCODE_BINARY;
  /** Close frame opcode (0x8). */
  static readonly OPCODE_CLOSE = OPCODE_CLOSE;
  /** Ping frame opcode (0x9). */
  static readonly OPCODE_PING = OPCODE_PING;
  /** Pong frame opcode (0xA). */
  static readonly OPCODE_PONG = OPCODE_PONG;
  /** Every defined opcode. */
  static readonly OPCODES: readonly Opcode[] = OPCODES;
  /** Opcode to name: `{0: "cont", 1: "text", ...}`. */
  static readonly OPCODE_MAP: Readonly<Record<Opcode, string>> = OPCODE_MAP;
  /** Payloads of this length or more need the 16-bit length (126). */
  static readonly LENGTH_7 = 0x7e;
  /** Payloads of this length or more need the 64-bit length (65536). */
  static readonly LENGTH_16 = 1 << 16;
  /** Payloads must be shorter than this (2^63). */
  static readonly LENGTH_63 = 2 ** 63;

  /** 1 when this is the last frame of its message. */
  fin: number;
  /** Reserved bit 1 (permessage-deflate's "compressed" bit). */
  rsv1: number;
  /** Reserved bit 2. */
  rsv2: number;
  /** Reserved bit 3. */
  rsv3: number;
  /**
   * The opcode (`OPCODE_*`). Typed {@link Opcode}: a parsed frame always has
   * a defined opcode (the parser refuses the reserved ones), so
   * `ABNF.OPCODE_MAP[frame.opcode]` type-checks. A frame built by hand with
   * another number (as Python allows) keeps it, and `validate()` and
   * `format()` refuse it.
   */
  opcode: Opcode;
  /** 1 to mask the payload when formatting (client to server); on a parsed frame, whether it was masked. */
  mask: number;
  /** The payload, unmasked. */
  data: Uint8Array;
  /** Where `format()` gets its 4-byte masking key; default a CSPRNG. */
  getMaskKey: GetMaskKey = randomMaskKey;

  /**
   * Python's positional order and defaults. A string `data` is UTF-8 encoded.
   */
  constructor(
    fin = 0,
    rsv1 = 0,
    rsv2 = 0,
    rsv3 = 0,
    opcode: Opcode | number = OPCODE_TEXT,
    mask = 1,
    data: Uint8Array | string | null = "",
  ) {
    this.fin = fin;
    this.rsv1 = rsv1;
    this.rsv2 = rsv2;
    this.rsv3 = rsv3;
    this.opcode = opcode as Opcode; // checked by validate() and format()
    this.mask = mask;
    this.data = data instanceof Uint8Array ? data : toBytes(data, "frame data");
  }

  /**
   * A frame ready to send: masked, no reserved bits. A string is UTF-8 encoded.
   *
   * @param fin - 1 (default) for the last frame of a message, 0 otherwise.
   */
  static createFrame(data: Uint8Array | string, opcode: Opcode | number, fin = 1): ABNF {
    return new ABNF(fin, 0, 0, 0, opcode, 1, data);
  }

  /**
   * XOR `data` with the 4-byte `maskKey` into a new array (RFC 6455 §5.3).
   * A string key is read one byte per character (latin-1, as Python does); a
   * string `data` is UTF-8 encoded.
   */
  static mask(maskKey: Uint8Array | string, data: Uint8Array | string): Uint8Array {
    const key = latin1Bytes(maskKey, "mask key");
    if (key.length !== 4) throw usageError(`mask key must be 4 bytes, got ${key.length}`);
    return maskCopy(toBytes(data, "data"), key);
  }

  /**
   * The frame's exact wire bytes. When `mask` is 1, the payload is masked
   * with `getMaskKey(4)`.
   *
   * @throws WebSocketProtocolException when fin/rsv are not 0 or 1, the
   *   opcode is not defined, or the payload is too long.
   */
  format(): Uint8Array {
    const bits = [this.fin, this.rsv1, this.rsv2, this.rsv3];
    if (bits.some((b) => b !== 0 && b !== 1)) {
      throw protocolError(`fin/rsv1-3 must be 0 or 1, got ${bits}`);
    }
    if (!isKnownOpcode(this.opcode)) throw protocolError(`invalid opcode ${this.opcode}`);
    if (!(this.data instanceof Uint8Array)) {
      throw usageError(`frame data must be a Uint8Array, got ${typeOf(this.data)}`);
    }
    const firstByte =
      (this.fin << 7) | (this.rsv1 << 6) | (this.rsv2 << 5) | (this.rsv3 << 4) | this.opcode;
    let key: Uint8Array | null = null;
    if (this.mask) {
      const raw: unknown = this.getMaskKey(4);
      key = latin1Bytes(raw as Uint8Array | string, "getMaskKey(4) result");
      if (key.length !== 4) {
        throw usageError(`getMaskKey(4) must return 4 bytes, got ${key.length}`);
      }
    }
    return writeFrame(firstByte, this.data, key);
  }

  /**
   * Check this frame against RFC 6455 §5: reserved bits (RSV1 only when an
   * extension claims it), defined opcodes, control frames unfragmented and at
   * most 125 bytes, and a close payload with an allowed code and a UTF-8
   * reason.
   *
   * @param skipUtf8Validation - do not check the close reason's UTF-8.
   * @throws WebSocketProtocolException (closeCode 1002), or
   *   WebSocketPayloadException (closeCode 1007) for a close reason that is not UTF-8.
   */
  validate(skipUtf8Validation = false, opts: ValidateOptions = {}): void {
    const rsvBits = (this.rsv1 ? 4 : 0) | (this.rsv2 ? 2 : 0) | (this.rsv3 ? 1 : 0);
    checkFrameHeader(
      this.fin !== 0,
      rsvBits,
      this.opcode,
      this.data.length,
      opts.allowRsv1 === true,
    );
    if (this.opcode === OPCODE_CLOSE) parseClosePayload(this.data, { skipUtf8Validation });
  }

  /** `fin=1 opcode=1 data=...` as Python prints a frame. */
  toString(): string {
    const d = this.data;
    const shown =
      this.opcode === OPCODE_TEXT
        ? new TextDecoder().decode(d)
        : Array.from(d, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
    return `fin=${this.fin} opcode=${this.opcode} data=${shown}`;
  }
}

/** The same class as {@link ABNF}, under a name that says what it is. */
export const Frame = ABNF;
/** The same class as {@link ABNF}. */
export type Frame = ABNF;
