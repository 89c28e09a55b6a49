/**
 * Payloads for the permessage-deflate cases. Autobahn ships five files
 * (a JSON file, a 512x512 bitmap, Goethe's Faust as text, an HTML file and a
 * PDF); we do not copy them: each is generated here, deterministically, with
 * the same kind of content and text/binary type and a similar size, so
 * compression sees realistic data and the cases stay reproducible. Text sets
 * are pure ASCII, so any slice of them is valid UTF-8.
 */

export interface CompressionData {
  key: string;
  desc: string;
  binary: boolean;
  size: number;
  make: () => Buffer;
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(size: number, next: () => string): Buffer {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const s = next();
    parts.push(s);
    length += s.length;
  }
  return Buffer.from(parts.join("").slice(0, size), "latin1");
}

const WORDS = [
  "alpha",
  "beta",
  "gamma",
  "delta",
  "status",
  "value",
  "count",
  "name",
  "items",
  "id",
  "price",
  "active",
  "tags",
  "created",
  "updated",
  "owner",
  "region",
  "score",
  "level",
  "type",
];
const GERMAN = [
  "Habe",
  "nun",
  "ach",
  "Philosophie",
  "Juristerei",
  "und",
  "Medizin",
  "leider",
  "auch",
  "Theologie",
  "durchaus",
  "studiert",
  "mit",
  "heissem",
  "Bemuehn",
  "Da",
  "steh",
  "ich",
  "armer",
  "Tor",
  "bin",
  "so",
  "klug",
  "als",
  "wie",
  "zuvor",
  "Heisse",
  "Magister",
  "heisse",
  "Doktor",
  "gar",
  "der",
  "die",
  "das",
  "Geist",
  "Welt",
  "Nacht",
  "Himmel",
  "Erde",
  "Mephistopheles",
  "Faust",
];

function json(): Buffer {
  const r = rng(1);
  const pick = (a: string[]) => a[Math.floor(r() * a.length)]!;
  let n = 0;
  return fill(194237, () => {
    const rec = `{"id":${n++},"${pick(WORDS)}":"${pick(WORDS)}-${Math.floor(r() * 1e6)}","${pick(WORDS)}":${(r() * 1000).toFixed(2)},"${pick(WORDS)}":[${[1, 2, 3].map(() => Math.floor(r() * 100)).join(",")}],"${pick(WORDS)}":${r() < 0.5}},\n`;
    return n === 1 ? `[${rec}` : rec;
  });
}

function bitmap(): Buffer {
  const r = rng(2);
  const width = 512;
  const header = Buffer.alloc(54 + 1024);
  header.write("BM", 0, "latin1");
  header.writeUInt32LE(263222, 2);
  header.writeUInt32LE(54 + 1024, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(width, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(8, 28);
  for (let i = 0; i < 256; i++) header.writeUInt32LE(i * 0x010101, 54 + i * 4);
  const pixels = Buffer.alloc(263222 - header.length);
  for (let i = 0; i < pixels.length; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const v = 128 + 60 * Math.sin(x / 23) + 50 * Math.cos(y / 31) + 12 * (r() - 0.5);
    pixels[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  return Buffer.concat([header, pixels]);
}

function faust(): Buffer {
  const r = rng(3);
  let line = 0;
  return fill(222218, () => {
    const words = Array.from(
      { length: 4 + Math.floor(r() * 6) },
      () => GERMAN[Math.floor(r() * GERMAN.length)]!,
    );
    line++;
    return `${line % 12 === 0 ? "\r\n" : ""}${words.join(" ")}${r() < 0.3 ? "!" : r() < 0.5 ? "," : "."}\r\n`;
  });
}

// Every data set is larger than the largest message (131072 octets), so a
// message is always a contiguous or wrapped slice of it.
const HTML_SIZE = 183588;

function html(): Buffer {
  const r = rng(4);
  let n = 0;
  return fill(HTML_SIZE, () => {
    n++;
    if (n === 1) return "<!DOCTYPE html>\n<html><head><title>Data</title></head><body>\n";
    const w = () => WORDS[Math.floor(r() * WORDS.length)]!;
    return `<div class="${w()}" id="row-${n}"><a href="/${w()}/${Math.floor(r() * 1e5)}">${w()} ${w()}</a><span>${(r() * 100).toFixed(1)}</span></div>\n`;
  });
}

function pdf(): Buffer {
  const r = rng(5);
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = parts[0]!.length;
  let obj = 1;
  while (length < 1042328) {
    const text = Buffer.from(
      `${obj} 0 obj\n<< /Length ${2000} /Filter /FlateDecode >>\nstream\n`,
      "latin1",
    );
    const stream = Buffer.alloc(2000);
    for (let i = 0; i < stream.length; i++)
      stream[i] = r() < 0.7 ? Math.floor(r() * 256) : 0x20 + (i % 64);
    const end = Buffer.from("\nendstream\nendobj\n", "latin1");
    parts.push(text, stream, end);
    length += text.length + stream.length + end.length;
    obj++;
  }
  return Buffer.concat(parts).subarray(0, 1042328);
}

/** The five data sets, in the order Autobahn numbers them (12.1 … 12.5). */
export const COMPRESSION_DATA: CompressionData[] = [
  { key: "json_data1", desc: "Large JSON data file", binary: false, size: 194237, make: json },
  {
    key: "lena512",
    desc: "Lena Picture, Bitmap 512x512 bw",
    binary: true,
    size: 263222,
    make: bitmap,
  },
  {
    key: "gutenberg_faust",
    desc: "Human readable text, Goethe's Faust I (German)",
    binary: true,
    size: 222218,
    make: faust,
  },
  { key: "html_data1", desc: "Large HTML file", binary: false, size: HTML_SIZE, make: html },
  { key: "ooms", desc: "A larger PDF", binary: true, size: 1042328, make: pdf },
];

const cache = new Map<string, Buffer>();

export function dataFor(key: string): Buffer {
  let data = cache.get(key);
  if (!data) {
    const d = COMPRESSION_DATA.find((x) => x.key === key)!;
    data = d.make();
    cache.set(key, data);
  }
  return data;
}
