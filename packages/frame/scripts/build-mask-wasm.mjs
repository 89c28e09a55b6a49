#!/usr/bin/env node
// Assembles the tiny WebAssembly module behind src/mask-wasm.ts and prints
// it as base64. Hand-written bytes, so no WebAssembly toolchain is needed:
//
//   (module
//     (memory (export "m") 2 2)
//     (func (export "x") (param $p i32) (param $n i32) (param $k i32)
//       (local $v v128) (local $end i32)
//       (local.set $v (i32x4.splat (local.get $k)))
//       (local.set $end (i32.add (local.get $p) (i32.and (local.get $n) (i32.const -64))))
//       (block (loop
//         (br_if 1 (i32.ge_u (local.get $p) (local.get $end)))
//         ;; four 16-byte lanes per turn: offsets 0, 16, 32, 48
//         (v128.store offset=K (local.get $p) (v128.xor (v128.load offset=K (local.get $p)) (local.get $v)))
//         (local.set $p (i32.add (local.get $p) (i32.const 64)))
//         (br 0)))))
//
// x(p, n, k) XORs memory[p .. p + (n & ~63)) with the little-endian 32-bit
// key k repeated; the caller does the last (n & 63) bytes.
// Run: node packages/frame/scripts/build-mask-wasm.mjs

const u32 = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id, body) => [id, ...u32(body.length), ...body];
const vec = (items) => [...u32(items.length), ...items.flat()];
const str = (s) => [...u32(s.length), ...[...s].map((c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;
const get = (i) => [0x20, i];
const set = (i) => [0x21, i];
const lane = (offset) => [
  ...get(0),
  ...get(0),
  SIMD,
  0x00,
  0x00,
  ...u32(offset), // v128.load align=1 offset
  ...get(3),
  SIMD,
  0x51, // v128.xor
  SIMD,
  0x0b,
  0x00,
  ...u32(offset), // v128.store align=1 offset
];

const body = [
  ...vec([
    [1, V128],
    [1, I32],
  ]),
  ...get(2),
  SIMD,
  0x11,
  ...set(3), // v = i32x4.splat(k)
  ...get(0),
  ...get(1),
  0x41,
  0x40,
  0x71,
  0x6a,
  ...set(4), // end = p + (n & -64)
  0x02,
  0x40, // block
  0x03,
  0x40, // loop
  ...get(0),
  ...get(4),
  0x4f,
  0x0d,
  0x01, // br_if 1 (p >= end)
  ...lane(0),
  ...lane(16),
  ...lane(32),
  ...lane(48),
  ...get(0),
  0x41,
  0xc0,
  0x00,
  0x6a,
  ...set(0), // p += 64
  0x0c,
  0x00, // br 0
  0x0b, // end loop
  0x0b, // end block
  0x0b, // end func
];

const bytes = [
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), 0x00]])), // type: (i32 i32 i32) -> ()
  ...section(3, vec([[0x00]])), // func 0 has type 0
  ...section(5, vec([[0x01, 0x02, 0x02]])), // memory: 2 pages, fixed size
  ...section(
    7,
    vec([
      [...str("m"), 0x02, 0x00],
      [...str("x"), 0x00, 0x00],
    ]),
  ), // exports
  ...section(10, vec([[...u32(body.length), ...body]])), // code
];

const buf = Uint8Array.from(bytes);
new WebAssembly.Module(buf); // throws if the bytes are not a valid module
console.log(Buffer.from(buf).toString("base64"));
