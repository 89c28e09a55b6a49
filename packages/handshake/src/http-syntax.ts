/**
 * The few pieces of RFC 9110/9112 (formerly RFC 7230) syntax the handshake
 * needs: tokens, field values, comma-separated token lists.
 */

/**
 * RFC 9110 §5.6.2: `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
 * "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA`.
 */
const TCHAR = (() => {
  const table = new Uint8Array(128);
  for (const c of "!#$%&'*+-.^_`|~") table[c.charCodeAt(0)] = 1;
  for (let c = 0x30; c <= 0x39; c++) table[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = 1;
  return table;
})();

/** True when `code` (a char code or byte) is a `tchar`. */
export function isTchar(code: number): boolean {
  return code < 128 && TCHAR[code] === 1;
}

/** RFC 9110 §5.6.2: `token = 1*tchar`. */
export function isToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    if (!isTchar(value.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * The first character of `value` that may not appear in a field value, or -1.
 *
 * RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are
 * invalid and dangerous"; `field-vchar = VCHAR / obs-text`, with SP and HTAB
 * allowed between them. Other control characters (0x00-0x1F but HTAB, and
 * DEL) are refused too. Characters above U+007F are allowed: they go out as
 * UTF-8, whose bytes are all `obs-text`.
 */
export function badFieldValueIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return i;
  }
  return -1;
}

/** `"\r"` → `"\\r"`, `"\u0000"` → `"\\u0000"`: for error messages. */
export function describeChar(value: string, index: number): string {
  const c = value.charCodeAt(index);
  if (c === 0x0d) return "CR (\\r)";
  if (c === 0x0a) return "LF (\\n)";
  if (c === 0x00) return "NUL (\\0)";
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** RFC 9110 §5.6.3: `OWS = *( SP / HTAB )`. Trim it from both ends. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Split a `#element` list on commas, trim OWS, drop empty elements.
 *
 * RFC 9110 §5.6.1.2: "a recipient MUST accept lists that satisfy the
 * following syntax ... `#element => [ element ] *( OWS "," OWS [ element ] )`",
 * and empty elements do not count as list members.
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    const item = trimOws(part);
    if (item.length > 0) out.push(item);
  }
  return out;
}

/** True when the token list `value` contains `token`, compared case-insensitively. */
export function listHasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  const wanted = token.toLowerCase();
  return splitList(value).some((item) => item.toLowerCase() === wanted);
}
