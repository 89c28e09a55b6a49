import { createConnection } from "@wsclient/core";
import { expect } from "vitest";
import { type PerMessageDeflateOptions, permessageDeflate } from "../src/index.js";
import { jsonText } from "./helpers.js";

/** What a run of {@link roundTrips} saw. */
export interface RoundTrips {
  /** The server's Sec-WebSocket-Extensions answer. */
  negotiated: string | undefined;
  /** Payload bytes sent (and echoed). */
  bytes: number;
  /** Bytes the client's socket wrote and read. */
  written: number;
  read: number;
}

/**
 * Against an echo server: 200 JSON-like texts of 1.5-3.3 KiB sent back to
 * back, multi-byte text, binary, an empty message, and (when `large` > 0) one
 * message of `large` bytes; every echo checked.
 */
export async function roundTrips(
  url: string,
  options: PerMessageDeflateOptions = {},
  large = 0,
): Promise<RoundTrips> {
  const ws = await createConnection(url, {
    timeout: 10_000,
    extensions: [permessageDeflate(options)],
  });
  const negotiated = ws.headers?.["sec-websocket-extensions"];
  let bytes = 0;
  const texts = Array.from({ length: 200 }, (_, i) => jsonText(1500 + (i % 7) * 300));
  for (const t of texts) {
    await ws.send(t);
    bytes += t.length;
  }
  for (const t of texts) expect(await ws.recv()).toBe(t);
  const multi = `héllo wörld ✓ 🚀 ${"日本語のテキスト ".repeat(200)}`;
  await ws.send(multi);
  expect(await ws.recv()).toBe(multi);
  const binary = Buffer.from(jsonText(4096)).map((b, i) => (b + i) & 0xff);
  await ws.sendBinary(binary);
  expect(Buffer.from((await ws.recv()) as Uint8Array)).toEqual(binary);
  await ws.send("");
  expect(await ws.recv()).toBe("");
  if (large > 0) {
    const big = jsonText(large);
    await ws.send(big);
    expect(await ws.recv()).toBe(big);
    bytes += big.length;
  }
  const sock = ws.sock!;
  const wire = { written: sock.bytesWritten, read: sock.bytesRead };
  await ws.close();
  return { negotiated, bytes, ...wire };
}
