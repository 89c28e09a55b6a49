/**
 * A byte-at-a-time UTF-8 automaton built from the Unicode Standard's table of
 * well-formed byte sequences (Table 3-7), with an ASCII fast path.
 *
 * RFC 3629 §4: UTF8-2 = %xC2-DF UTF8-tail; UTF8-3 = %xE0 %xA0-BF UTF8-tail /
 * %xE1-EC 2( UTF8-tail ) / %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail );
 * UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) / %xF4 %x80-8F
 * 2( UTF8-tail ).
 *
 * States are stored multiplied by 256 so a step is one table load:
 * `state = TABLE[state + byte]`.
 */

/** Between sequences. */
export const ACCEPT = 0;
/** An invalid byte was seen; sticky. */
export const REJECT = 1 << 8;
const NEED1 = 2 << 8;
const NEED2 = 3 << 8;
const NEED3 = 4 << 8;
const AFTER_E0 = 5 << 8;
const AFTER_ED = 6 << 8;
const AFTER_F0 = 7 << 8;
const AFTER_F4 = 8 << 8;

function buildTable(): Uint16Array {
  const t = new Uint16Array(9 << 8).fill(REJECT);
  const range = (state: number, lo: number, hi: number, next: number) => {
    for (let b = lo; b <= hi; b++) t[state + b] = next;
  };
  range(ACCEPT, 0x00, 0x7f, ACCEPT);
  range(ACCEPT, 0xc2, 0xdf, NEED1);
  range(ACCEPT, 0xe0, 0xe0, AFTER_E0);
  range(ACCEPT, 0xe1, 0xec, NEED2);
  range(ACCEPT, 0xed, 0xed, AFTER_ED);
  range(ACCEPT, 0xee, 0xef, NEED2);
  range(ACCEPT, 0xf0, 0xf0, AFTER_F0);
  range(ACCEPT, 0xf1, 0xf3, NEED3);
  range(ACCEPT, 0xf4, 0xf4, AFTER_F4);
  range(NEED1, 0x80, 0xbf, ACCEPT);
  range(NEED2, 0x80, 0xbf, NEED1);
  range(NEED3, 0x80, 0xbf, NEED2);
  range(AFTER_E0, 0xa0, 0xbf, NEED1);
  range(AFTER_ED, 0x80, 0x9f, NEED1);
  range(AFTER_F0, 0x90, 0xbf, NEED2);
  range(AFTER_F4, 0x80, 0x8f, NEED2);
  return t;
}

const TABLE = buildTable();

/**
 * Run the automaton over `bytes[start..end)` from `state`; returns the end
 * state (`REJECT` as soon as a byte is invalid).
 */
export function runUtf8Dfa(bytes: Uint8Array, start: number, end: number, state: number): number {
  let i = start;
  while (i < end) {
    if (state === ACCEPT) {
      // ASCII fast path: 8, then 4 bytes at a time while no high bit is set.
      while (
        i + 8 <= end &&
        ((bytes[i]! |
          bytes[i + 1]! |
          bytes[i + 2]! |
          bytes[i + 3]! |
          bytes[i + 4]! |
          bytes[i + 5]! |
          bytes[i + 6]! |
          bytes[i + 7]!) &
          0x80) ===
          0
      ) {
        i += 8;
      }
      while (i < end && bytes[i]! < 0x80) i++;
      if (i === end) break;
    }
    state = TABLE[state + bytes[i++]!]!;
    if (state === REJECT) return REJECT;
  }
  return state;
}
