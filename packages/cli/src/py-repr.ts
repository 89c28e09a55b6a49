/**
 * Python's `repr(bytes)`: `b'Hello\x00\xff'`. Printable ASCII stays, `\t`,
 * `\n`, `\r` and `\\` are escaped, the rest is `\xNN`; the quote is `"` when
 * the bytes contain `'` but no `"`, as Python chooses.
 */
export function pyRepr(data: Uint8Array): string {
  const hasSingle = data.includes(0x27);
  const quote = hasSingle && !data.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const byte of data) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `${out}${quote}`;
}

/** Lower-case hex without separators: `00ff`. */
export function toHex(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex");
}

/**
 * A classic hex dump for `-vv`: offset, 16 bytes in hex, the printable
 * ASCII. At most `limit` bytes are shown; a last line says how many were left out.
 */
export function hexDump(data: Uint8Array, limit = 512): string[] {
  const lines: string[] = [];
  const shown = Math.min(data.length, limit);
  for (let off = 0; off < shown; off += 16) {
    const row = data.subarray(off, Math.min(off + 16, shown));
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...row]
      .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "."))
      .join("");
    lines.push(`${off.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  if (data.length > shown) lines.push(`… ${data.length - shown} more bytes`);
  return lines;
}
