import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCEPT, REJECT, runUtf8Dfa } from "./utf8-dfa.js";
import { Utf8Validator, validateUtf8 } from "./utf8-validator.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);
const fatal = new TextDecoder("utf-8", { fatal: true });

/** The reference answer: the platform's strict decoder. */
function reference(b: Uint8Array): boolean {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The automaton alone (validateUtf8 hands long inputs to the runtime when it can). */
const dfaValid = (b: Uint8Array) => runUtf8Dfa(b, 0, b.length, ACCEPT) === ACCEPT;

/** Pad to past the native-validator threshold, keeping the interesting bytes at the end. */
const long = (b: Uint8Array) => {
  const out = new Uint8Array(64 + b.length).fill(0x61);
  out.set(b, 64);
  return out;
};

const valid: [string, Uint8Array][] = [
  ["empty", bytes()],
  ["ASCII", utf8("Hello-µ@ßöäüàá-UTF-8!!")],
  ["2-byte", bytes(0xc2, 0x80)],
  ["3-byte U+0800", bytes(0xe0, 0xa0, 0x80)],
  ["U+D7FF", bytes(0xed, 0x9f, 0xbf)],
  ["U+E000", bytes(0xee, 0x80, 0x80)],
  ["U+FFFF", bytes(0xef, 0xbf, 0xbf)],
  ["U+10000", bytes(0xf0, 0x90, 0x80, 0x80)],
  ["U+10FFFF", bytes(0xf4, 0x8f, 0xbf, 0xbf)],
  ["κόσμε", utf8("κόσμε")],
  ["emoji", utf8("a😀b")],
];

const invalid: [string, Uint8Array][] = [
  ["lone continuation", bytes(0x80)],
  ["overlong 2-byte C0 80", bytes(0xc0, 0x80)],
  ["overlong C1 BF", bytes(0xc1, 0xbf)],
  ["overlong 3-byte E0 80 80", bytes(0xe0, 0x80, 0x80)],
  ["overlong 4-byte F0 80 80 80", bytes(0xf0, 0x80, 0x80, 0x80)],
  ["surrogate U+D800", bytes(0xed, 0xa0, 0x80)],
  ["surrogate U+DFFF", bytes(0xed, 0xbf, 0xbf)],
  ["above U+10FFFF", bytes(0xf4, 0x90, 0x80, 0x80)],
  ["F5 lead", bytes(0xf5, 0x80, 0x80, 0x80)],
  ["FE", bytes(0xfe)],
  ["FF", bytes(0xff)],
  ["2-byte then ASCII", bytes(0xc2, 0x41)],
  ["truncated 2-byte at end (Python 1.9 says valid)", bytes(0xce)],
  ["truncated 3-byte at end", bytes(0xe2, 0x82)],
  ["truncated 4-byte at end", bytes(0xf0, 0x9f, 0x98)],
  [
    "Autobahn 6.3.1 (κόσμε + surrogate)",
    bytes(
      0xce,
      0xba,
      0xe1,
      0xbd,
      0xb9,
      0xcf,
      0x83,
      0xce,
      0xbc,
      0xce,
      0xb5,
      0xed,
      0xa0,
      0x80,
      0x65,
      0x64,
      0x69,
      0x74,
      0x65,
      0x64,
    ),
  ],
];

describe("RFC 3629 / RFC 6455 §8.1 UTF-8", () => {
  describe("validateUtf8", () => {
    it.each(valid)("accepts %s", (_, b) => {
      expect(validateUtf8(b)).toBe(true);
      expect(validateUtf8(long(b))).toBe(true);
      expect(dfaValid(b)).toBe(true);
    });
    it.each(invalid)("rejects %s", (_, b) => {
      expect(validateUtf8(b)).toBe(false);
      expect(validateUtf8(long(b))).toBe(false);
      expect(dfaValid(b)).toBe(false);
    });

    it("agrees with TextDecoder({fatal: true}) on random bytes (automaton and native path)", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
          expect(dfaValid(b)).toBe(reference(b));
          expect(validateUtf8(b)).toBe(reference(b));
        }),
        { numRuns: 3000 },
      );
    }, 60_000);

    it("agrees with TextDecoder on mutated valid text", () => {
      fc.assert(
        fc.property(
          fc.string({ unit: "binary", maxLength: 60 }),
          fc.nat(),
          fc.integer({ min: 0, max: 255 }),
          (s, at, value) => {
            const b = utf8(s);
            if (b.length > 0) b[at % b.length] = value;
            expect(dfaValid(b)).toBe(reference(b));
            expect(validateUtf8(b)).toBe(reference(b));
          },
        ),
        { numRuns: 3000 },
      );
    }, 60_000);
  });

  describe("Utf8Validator (streaming)", () => {
    it("accepts a sequence split at every byte", () => {
      const text = utf8("ascii κόσμε 😀 ∑ end");
      for (let cut = 0; cut <= text.length; cut++) {
        const v = new Utf8Validator();
        expect(v.push(text.subarray(0, cut))).toBe(true);
        expect(v.push(text.subarray(cut))).toBe(true);
        expect(v.end()).toBe(true);
      }
      const v = new Utf8Validator();
      for (const b of text) expect(v.push(bytes(b))).toBe(true);
      expect(v.end()).toBe(true);
    });

    it("fails on the piece holding the first invalid byte, and stays failed", () => {
      const v = new Utf8Validator();
      expect(v.push(utf8("κόσμε"))).toBe(true);
      expect(v.push(bytes(0xed))).toBe(true);
      expect(v.push(bytes(0xa0))).toBe(false); // ED A0 starts a surrogate
      expect(v.push(utf8("fine"))).toBe(false);
      expect(v.end()).toBe(false);
      // end() reset it for the next message
      expect(v.push(utf8("next"))).toBe(true);
      expect(v.end()).toBe(true);
    });

    it("refuses a sequence left truncated at the end of the message", () => {
      const v = new Utf8Validator();
      expect(v.push(long(bytes(0xf0, 0x9f)))).toBe(true);
      expect(v.end()).toBe(false);
    });

    it("finishes a sequence across pieces before a long ASCII piece", () => {
      const v = new Utf8Validator();
      expect(v.push(bytes(0xe2))).toBe(true);
      expect(v.push(long(bytes(0x82, 0xac)).subarray(64))).toBe(true);
      expect(v.push(long(utf8("€")))).toBe(true);
      expect(v.end()).toBe(true);
    });

    it("reset() forgets an open sequence", () => {
      const v = new Utf8Validator();
      v.push(bytes(0xe2, 0x82));
      v.reset();
      expect(v.push(utf8("a"))).toBe(true);
      expect(v.end()).toBe(true);
    });

    it("any split of any byte string gives the same verdict as the whole", () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 120 }),
            fc.string({ unit: "binary", maxLength: 60 }).map((s) => long(utf8(s))),
          ),
          fc.array(fc.nat(), { maxLength: 6 }),
          (b, cuts) => {
            const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
            const v = new Utf8Validator();
            let ok = true;
            let prev = 0;
            for (const p of [...points, b.length]) {
              ok = v.push(b.subarray(prev, p)) && ok;
              prev = p;
            }
            expect(ok && v.end()).toBe(reference(b));
          },
        ),
        { numRuns: 2000 },
      );
    }, 60_000);
  });

  it("the automaton reports REJECT at once and stays there", () => {
    expect(runUtf8Dfa(bytes(0xff, 0x41), 0, 2, ACCEPT)).toBe(REJECT);
  });
});
