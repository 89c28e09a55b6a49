/** The extension token (RFC 7692 §5). */
export const EXTENSION_NAME = "permessage-deflate";

/** Default `threshold`: messages smaller than this many bytes are sent uncompressed (as `ws`). */
export const DEFAULT_THRESHOLD = 1024;

/** Default process-wide limit on zlib jobs running at once (as `ws`). */
export const DEFAULT_CONCURRENCY = 10;

/** Smallest LZ77 window, base-2 logarithm (RFC 7692 §7.1.2: "between 8 to 15, inclusive"). */
export const MIN_WINDOW_BITS = 8;

/** Largest LZ77 window, base-2 logarithm; also the value when none was agreed. */
export const MAX_WINDOW_BITS = 15;

/**
 * "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end" on
 * sending; "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the
 * payload of the message" on receiving (RFC 7692 §7.2.1, §7.2.2).
 */
export const TRAILER: Uint8Array = new Uint8Array([0x00, 0x00, 0xff, 0xff]);

/**
 * zlib cannot use an 8-bit window for raw deflate: a window of 8 is raised
 * to 9 on both sides, as browsers and `ws` do (zlib 1.2.9 refuses 8, and a
 * peer that agreed to 8 may in fact send with 9).
 */
export function zlibWindowBits(bits: number): number {
  return Math.max(bits, 9);
}
