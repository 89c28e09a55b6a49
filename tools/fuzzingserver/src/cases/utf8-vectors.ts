import { isUtf8 } from "node:buffer";
import { bytes } from "./helpers";

/**
 * The UTF-8 decoder test vectors of Markus Kuhn's UTF-8-test.txt, grouped as
 * Autobahn groups them into cases 6.5 … 6.23: each a title and a list of
 * [valid, payload]. Payloads are byte strings.
 */
export type VectorGroup = [title: string, vectors: [valid: boolean, payload: Buffer][]];

const VALID_TEXT = bytes("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");

const all = (valid: boolean, items: string[]): [boolean, Buffer][] =>
  items.map((s) => [valid, bytes(s)]);

function range(from: number, to: number, step: (i: number) => string): string {
  let s = "";
  for (let i = from; i < to; i++) s += step(i);
  return s;
}

const INCOMPLETE = [
  "\xc0",
  "\xe0\x80",
  "\xf0\x80\x80",
  "\xf8\x80\x80\x80",
  "\xfc\x80\x80\x80\x80",
  "\xdf",
  "\xef\xbf",
  "\xf7\xbf\xbf",
  "\xfb\xbf\xbf\xbf",
  "\xfd\xbf\xbf\xbf\xbf",
];

function nonCharacters(): [boolean, Buffer][] {
  const out: [boolean, Buffer][] = all(true, ["\xef\xbf\xbe", "\xef\xbf\xbf"]);
  for (const z1 of ["\xf0", "\xf1", "\xf2", "\xf3", "\xf4"]) {
    for (const z2 of ["\x8f", "\x9f", "\xaf", "\xbf"]) {
      if (z1 === "\xf4" && z2 !== "\x8f") continue; // beyond U+10FFFF
      for (const z3 of ["\xbe", "\xbf"]) {
        const zz = `${z1}${z2}\xbf${z3}`;
        if (zz === "\xf0\x8f\xbf\xbe" || zz === "\xf0\x8f\xbf\xbf") continue; // overlong
        out.push([true, bytes(zz)]);
      }
    }
  }
  return out;
}

export const UTF8_VECTOR_GROUPS: VectorGroup[] = [
  [
    "Some valid UTF-8 sequences",
    [
      ...all(true, [
        "hello\x24world",
        "hello\xc2\xa2world",
        "hello\xe2\x82\xacworld",
        "hello\xf0\xa4\xad\xa2world",
      ]),
      [true, VALID_TEXT],
    ],
  ],
  [
    "All prefixes of a valid UTF-8 string that contains multi-byte code points",
    Array.from({ length: VALID_TEXT.length }, (_, i) => {
      const prefix = VALID_TEXT.subarray(0, i + 1);
      return [isUtf8(prefix), Buffer.from(prefix)] as [boolean, Buffer];
    }),
  ],
  [
    "First possible sequence of a certain length",
    all(true, ["\x00", "\xc2\x80", "\xe0\xa0\x80", "\xf0\x90\x80\x80"]),
  ],
  [
    "First possible sequence length 5/6 (invalid codepoints)",
    all(false, ["\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80"]),
  ],
  [
    "Last possible sequence of a certain length",
    all(true, ["\x7f", "\xdf\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf"]),
  ],
  [
    "Last possible sequence length 4/5/6 (invalid codepoints)",
    all(false, ["\xf7\xbf\xbf\xbf", "\xfb\xbf\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf\xbf"]),
  ],
  [
    "Other boundary conditions",
    [
      ...all(true, ["\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"]),
      ...all(false, ["\xf4\x90\x80\x80"]),
    ],
  ],
  [
    "Unexpected continuation bytes",
    all(false, [
      "\x80",
      "\xbf",
      "\x80\xbf",
      "\x80\xbf\x80",
      "\x80\xbf\x80\xbf",
      "\x80\xbf\x80\xbf\x80",
      "\x80\xbf\x80\xbf\x80\xbf",
      range(0x80, 0xbf, (i) => String.fromCharCode(i)),
    ]),
  ],
  [
    "Lonely start characters",
    all(
      false,
      [
        [0xc0, 0xdf],
        [0xe0, 0xef],
        [0xf0, 0xf7],
        [0xf8, 0xfb],
        [0xfc, 0xfd],
      ].map(([a, b]) => range(a!, b!, (i) => `${String.fromCharCode(i)} `)),
    ),
  ],
  ["Sequences with last continuation byte missing", all(false, INCOMPLETE)],
  ["Concatenation of incomplete sequences", all(false, [INCOMPLETE.join("")])],
  ["Impossible bytes", all(false, ["\xfe", "\xff", "\xfe\xfe\xff\xff"])],
  [
    "Examples of an overlong ASCII character",
    all(false, [
      "\xc0\xaf",
      "\xe0\x80\xaf",
      "\xf0\x80\x80\xaf",
      "\xf8\x80\x80\x80\xaf",
      "\xfc\x80\x80\x80\x80\xaf",
    ]),
  ],
  [
    "Maximum overlong sequences",
    all(false, [
      "\xc1\xbf",
      "\xe0\x9f\xbf",
      "\xf0\x8f\xbf\xbf",
      "\xf8\x87\xbf\xbf\xbf",
      "\xfc\x83\xbf\xbf\xbf\xbf",
    ]),
  ],
  [
    "Overlong representation of the NUL character",
    all(false, [
      "\xc0\x80",
      "\xe0\x80\x80",
      "\xf0\x80\x80\x80",
      "\xf8\x80\x80\x80\x80",
      "\xfc\x80\x80\x80\x80\x80",
    ]),
  ],
  [
    "Single UTF-16 surrogates",
    all(false, [
      "\xed\xa0\x80",
      "\xed\xad\xbf",
      "\xed\xae\x80",
      "\xed\xaf\xbf",
      "\xed\xb0\x80",
      "\xed\xbe\x80",
      "\xed\xbf\xbf",
    ]),
  ],
  [
    "Paired UTF-16 surrogates",
    all(false, [
      "\xed\xa0\x80\xed\xb0\x80",
      "\xed\xa0\x80\xed\xbf\xbf",
      "\xed\xad\xbf\xed\xb0\x80",
      "\xed\xad\xbf\xed\xbf\xbf",
      "\xed\xae\x80\xed\xb0\x80",
      "\xed\xae\x80\xed\xbf\xbf",
      "\xed\xaf\xbf\xed\xb0\x80",
      "\xed\xaf\xbf\xed\xbf\xbf",
    ]),
  ],
  ["Non-character code points (valid UTF-8)", nonCharacters()],
  [
    "Unicode specials (i.e. replacement char)",
    all(true, [
      "\xef\xbf\xb9",
      "\xef\xbf\xba",
      "\xef\xbf\xbb",
      "\xef\xbf\xbc",
      "\xef\xbf\xbd",
      "\xef\xbf\xbe",
      "\xef\xbf\xbf",
    ]),
  ],
];
