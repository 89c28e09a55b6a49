import { allocBytes, bytePool } from "./bytes.js";
import { usageError } from "./frame-errors.js";
import { checkFrameHeader } from "./frame-rules.js";
import { keyWord, maskInto } from "./mask.js";
import { fillRandom } from "./mask-key.js";
import type { Opcode } from "./opcodes.js";

/** Options of {@link encodeFrame}. */
export interface EncodeFrameOptions {
  /** Last frame of the message; default true. */
  fin?: boolean;
  /** Set RSV1 (a compressed message under permessage-deflate); default false. */
  rsv1?: boolean;
  /**
   * The 4-byte masking key; `null` sends the frame unmasked (server side);
   * omitted, a fresh key comes from the CSPRNG (client side, the default).
   */
  maskKey?: Uint8Array | null;
  /**
   * Where a frame of over 4 KiB is written: returns `n` bytes the frame may
   * fill (e.g. a buffer recycled once an earlier frame's write completed),
   * instead of a new array. Frames up to 4 KiB come from a shared pool.
   */
  alloc?: (n: number) => Uint8Array;
}

/** Frames up to this size are carved from a shared 64 KiB pool, as Node's Buffer pool does. */
const POOLED_MAX = 4096;
const poolBytes = bytePool(65536);

/** Header size for a payload of `n` bytes (without the mask key). */
function headerSize(n: number): number {
  return n < 126 ? 2 : n < 0x10000 ? 4 : 10;
}

/**
 * Write a frame into one new array: header, then the payload masked with
 * `maskKey` (or a fresh random key when `maskKey` is undefined, unmasked when null).
 * The fields are not checked here.
 */
export function writeFrame(
  firstByte: number,
  payload: Uint8Array,
  maskKey: Uint8Array | null | undefined,
  alloc: (n: number) => Uint8Array = allocBytes,
): Uint8Array {
  const n = payload.length;
  const masked = maskKey !== null;
  const h = headerSize(n);
  const start = h + (masked ? 4 : 0);
  const size = start + n;
  let out: Uint8Array;
  if (size <= POOLED_MAX) out = poolBytes(size);
  else {
    out = alloc(size);
    // A caller's `alloc` that gets it wrong fails here, not as a cut-short frame.
    if (out.length !== size) throw usageError(`alloc(${size}) returned ${out.length} bytes`);
  }
  out[0] = firstByte;
  const maskBit = masked ? 0x80 : 0;
  // RFC 6455 §5.2: "Payload length: 7 bits, 7+16 bits, or 7+64 bits [...]
  // If 0-125, that is the payload length. If 126, the following 2 bytes
  // interpreted as a 16-bit unsigned integer are the payload length. If 127,
  // the following 8 bytes interpreted as a 64-bit unsigned integer (the most
  // significant bit MUST be 0) are the payload length. Multibyte length
  // quantities are expressed in network byte order."
  out[1] = maskBit | (h === 2 ? n : h === 4 ? 126 : 127);
  for (let i = h - 1, rest = n; i > 1; i--, rest = Math.floor(rest / 256)) out[i] = rest & 0xff;
  if (!masked) {
    if (n <= 64) {
      for (let i = 0; i < n; i++) out[start + i] = payload[i]!;
    } else {
      out.set(payload, start);
    }
    return out;
  }
  if (maskKey === undefined) {
    fillRandom(out, h, 4);
  } else {
    if (!(maskKey instanceof Uint8Array) || maskKey.length !== 4) {
      throw usageError("mask key must be 4 bytes");
    }
    out[h] = maskKey[0]!;
    out[h + 1] = maskKey[1]!;
    out[h + 2] = maskKey[2]!;
    out[h + 3] = maskKey[3]!;
  }
  // §5.3: "The masking does not affect the length of the 'Payload data'."
  if (n > 0) maskInto(payload, out, start, keyWord(out, h));
  return out;
}

/**
 * Encode one frame into a single new array: header, masking key and masked
 * payload. The fast path the client sends with.
 *
 * RFC 6455 §5.3: "A masked frame MUST have the field frame-masked set to 1
 * [...] The masking key is a 32-bit value chosen at random by the client."
 * Omit `maskKey` for that; pass `null` for an unmasked (server) frame.
 *
 * @throws WebSocketProtocolException (1002) for an undefined opcode, a control
 *   frame that is fragmented or over 125 bytes, or RSV1 on a control or
 *   continuation frame.
 */
export function encodeFrame(
  opcode: Opcode | number,
  payload: Uint8Array,
  opts: EncodeFrameOptions = {},
): Uint8Array {
  const fin = opts.fin ?? true;
  if (!(payload instanceof Uint8Array)) throw usageError("payload must be a Uint8Array");
  // The receiver's rules hold for what we send: a defined opcode, control
  // frames unfragmented and at most 125 bytes, RSV1 only on a first data frame.
  checkFrameHeader(fin, opts.rsv1 ? 4 : 0, opcode, payload.length, true);
  return writeFrame(
    (fin ? 0x80 : 0) | (opts.rsv1 ? 0x40 : 0) | opcode,
    payload,
    opts.maskKey,
    opts.alloc,
  );
}
