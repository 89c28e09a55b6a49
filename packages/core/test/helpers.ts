import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocketServer as WSS } from "ws";

/** A `ws` server on 127.0.0.1, free port. */
export async function startWsServer(
  options: ConstructorParameters<typeof WebSocketServer>[0] = {},
): Promise<{ wss: WSS; url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, ...options });
  await once(wss, "listening");
  const { port } = wss.address() as AddressInfo;
  return {
    wss,
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Fixed mask key for byte-exact assertions. */
export const KEY = new Uint8Array([1, 2, 3, 4]);
export const fixedKey = (): Uint8Array => KEY.slice();

/** A server frame (unmasked unless `mask`). */
export function frame(
  opcode: number,
  payload: Uint8Array | string = new Uint8Array(0),
  { fin = true, rsv = 0, mask = false }: { fin?: boolean; rsv?: number; mask?: boolean } = {},
): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : Buffer.from(payload);
  const n = data.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const m = mask ? 0x80 : 0;
  if (n < 126) head.push(m | n);
  else if (n < 65536) head.push(m | 126, n >> 8, n & 0xff);
  else {
    head.push(m | 127, 0, 0, 0, 0);
    head.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
  if (mask) {
    const key = [9, 8, 7, 6];
    head.push(...key);
    const out = Buffer.from(data);
    for (let i = 0; i < n; i++) out[i]! ^= key[i % 4]!;
    return Buffer.concat([Buffer.from(head), out]);
  }
  return Buffer.concat([Buffer.from(head), data]);
}

/** The close frame the client sends with the fixed mask key [1,2,3,4]. */
export function clientClose(code?: number, reason = ""): Buffer {
  const payload =
    code === undefined
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);
  const out = Buffer.from(payload);
  for (let i = 0; i < out.length; i++) out[i]! ^= KEY[i % 4]!;
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length, 1, 2, 3, 4]), out]);
}
