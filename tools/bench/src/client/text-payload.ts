/**
 * The payload of the `text` rows: exactly `size` bytes of valid UTF-8 mixing
 * 1-, 2-, 3- and 4-byte sequences, built the same way by the server and by
 * every client (which checks the decoded string against it).
 */

const PIECE = "wsclient é ü ß ✓ → 日本語 € 🙂 ";

/** `size` bytes of multi-byte UTF-8 (padded with ASCII to the exact size). */
export function textPayload(size: number): Buffer {
  const piece = Buffer.from(PIECE, "utf8");
  const out = Buffer.alloc(size, 0x61);
  let at = 0;
  while (at + piece.length <= size) {
    piece.copy(out, at);
    at += piece.length;
  }
  return out;
}

/** The string a client must deliver for `textPayload(size)`. */
export function textString(size: number): string {
  return textPayload(size).toString("utf8");
}
