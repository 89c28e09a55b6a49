/** Concatenate two byte arrays (no copy when one is empty). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Concatenate many byte arrays into one. */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8 = new TextDecoder("utf-8");

/** Bytes as ISO-8859-1 text: one character per byte, lossless. */
export function latin1Text(bytes: Uint8Array): string {
  // Short lines (the usual header line) are faster without a Buffer view.
  if (bytes.length <= 256) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** Bytes as UTF-8 text, invalid sequences replaced by U+FFFD. */
export function utf8Text(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) return utf8.decode(bytes);
  }
  return latin1Text(bytes); // ASCII: the same text, decoded faster
}
