import { view } from "./bytes.js";
import { ACCEPT, REJECT, runUtf8Dfa } from "./utf8-dfa.js";

type IsUtf8 = (bytes: Uint8Array) => boolean;

/**
 * The runtime's own whole-buffer validator when it has one (Node's
 * `buffer.isUtf8`, simdutf-backed), found through `process.getBuiltinModule`
 * so that nothing here imports a `node:` module; elsewhere the automaton
 * does all the work.
 */
const nativeIsUtf8: IsUtf8 | undefined = /* @__PURE__ */ (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const mod = proc?.getBuiltinModule?.("buffer") as { isUtf8?: IsUtf8 } | undefined;
    return typeof mod?.isUtf8 === "function" ? mod.isUtf8 : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Below this length the automaton is used: it is fast on short input, and
 * V8 keeps typed arrays of up to 64 bytes on the JS heap, where handing them
 * to native code first moves their bytes off-heap.
 */
const NATIVE_MIN = 65;

/**
 * Validate `bytes[start..end)` starting between sequences; returns the end
 * state. A sequence left open at the end is allowed (state not ACCEPT).
 */
function validateFrom(bytes: Uint8Array, start: number, end: number): number {
  if (nativeIsUtf8 === undefined || end - start < NATIVE_MIN) {
    return runUtf8Dfa(bytes, start, end, ACCEPT);
  }
  // Find where the last sequence starts (at most 4 bytes back): everything
  // before it must be complete, so the native validator can judge it.
  let cut = end;
  if (bytes[end - 1]! >= 0x80) {
    for (let j = end - 1; j >= end - 4; j--) {
      if ((bytes[j]! & 0xc0) !== 0x80) {
        cut = j;
        break;
      }
    }
  }
  const head = start === 0 && cut === bytes.length ? bytes : view(bytes, start, cut - start);
  if (!nativeIsUtf8(head)) return REJECT;
  return cut === end ? ACCEPT : runUtf8Dfa(bytes, cut, end, ACCEPT);
}

/**
 * True when `bytes` is complete, well-formed UTF-8 (RFC 3629): no overlongs,
 * no surrogates, nothing above U+10FFFF and no sequence cut short at the end.
 */
export function validateUtf8(bytes: Uint8Array): boolean {
  // Whole input: the native validator also refuses a sequence cut short at the end.
  return nativeIsUtf8 !== undefined && bytes.length >= NATIVE_MIN
    ? nativeIsUtf8(bytes)
    : runUtf8Dfa(bytes, 0, bytes.length, ACCEPT) === ACCEPT;
}

/**
 * An incremental UTF-8 validator for a message that arrives in pieces
 * (fragments, socket chunks): sequences may be split anywhere.
 *
 * RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but
 * finds that the byte stream is not, in fact, a valid UTF-8 stream, that
 * endpoint MUST _Fail the WebSocket Connection_." `push` fails on the piece
 * holding the first invalid byte, so a bad message is refused as soon as it
 * can be; `end` refuses a message whose last sequence is incomplete.
 */
export class Utf8Validator {
  #state = ACCEPT;

  /**
   * Feed the next piece. Returns false once an invalid byte has been seen
   * (in this piece or an earlier one) and keeps returning false until
   * {@link Utf8Validator.reset}.
   */
  push(bytes: Uint8Array): boolean {
    let s = this.#state;
    if (s === REJECT) return false;
    const n = bytes.length;
    let i = 0;
    // Finish a sequence the previous piece left open.
    while (s !== ACCEPT && i < n) {
      s = runUtf8Dfa(bytes, i, i + 1, s);
      i++;
      if (s === REJECT) break;
    }
    if (s === ACCEPT && i < n) s = validateFrom(bytes, i, n);
    this.#state = s;
    return s !== REJECT;
  }

  /**
   * The message is over: true when everything pushed was valid and no
   * sequence was left incomplete. Resets the validator for the next message.
   */
  end(): boolean {
    const ok = this.#state === ACCEPT;
    this.#state = ACCEPT;
    return ok;
  }

  /** Forget everything pushed so far. */
  reset(): void {
    this.#state = ACCEPT;
  }
}
