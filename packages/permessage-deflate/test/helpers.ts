import { constants, deflateRawSync } from "node:zlib";

/** Fixed mask key for byte-exact assertions on what the client sends. */
export const KEY = new Uint8Array([1, 2, 3, 4]);
export const fixedKey = (): Uint8Array => KEY.slice();

/** A server frame (unmasked). `rsv1` sets the compression bit. */
export function frame(
  opcode: number,
  payload: Uint8Array | string = new Uint8Array(0),
  { fin = true, rsv1 = false }: { fin?: boolean; rsv1?: boolean } = {},
): Buffer {
  const data = Buffer.from(payload);
  const n = data.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode];
  if (n < 126) head.push(n);
  else if (n < 65536) head.push(126, n >> 8, n & 0xff);
  else {
    head.push(127, 0, 0, 0, 0);
    head.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
  return Buffer.concat([Buffer.from(head), data]);
}

/** The close frame the client sends with the fixed mask key [1,2,3,4]. */
export function clientClose(code: number, reason = ""): Buffer {
  const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);
  for (let i = 0; i < payload.length; i++) payload[i]! ^= KEY[i % 4]!;
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length, 1, 2, 3, 4]), payload]);
}

/** A message compressed on its own, tail removed (RFC 7692 §7.2.1), as a server sends it. */
export function compressed(data: Uint8Array | string): Buffer {
  const out = deflateRawSync(Buffer.from(data), { finishFlush: constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
}

/** Compressible JSON-like text of about `size` bytes. */
export function jsonText(size: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < size; i++) {
    const item = `{"id":${i},"user":"user-${i % 97}","tags":["a","b","c${i % 7}"],"score":${(i * 37) % 1000},"ok":${i % 2 === 0}},`;
    parts.push(item);
    n += item.length;
  }
  return `[${parts.join("").slice(0, size - 2)}]`;
}
