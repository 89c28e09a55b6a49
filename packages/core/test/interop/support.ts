/** What the interop tests share: payload helpers and connection helpers over any server. */
import { createConnection, type WebSocket } from "@wsclient/core";
import { WebSocketBadStatusException, WebSocketConnectionClosedException } from "@wsclient/errors";
import { expect } from "vitest";
import type { ServerKind } from "../servers/start-server.js";

export const MiB = 1024 * 1024;
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
export const bytesOf = (value: string | Uint8Array): Uint8Array =>
  typeof value === "string" ? new TextEncoder().encode(value) : value;

/** Deterministic non-repeating-ish bytes, so a shifted or truncated echo can't pass. */
export function pattern(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 0x12345678;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Opens a connection (3 s timeout for connect and every recv), runs `fn`, always closes. */
export async function withConnection<T>(
  url: string,
  fn: (ws: WebSocket) => Promise<T>,
  options: Parameters<typeof createConnection>[1] = {},
): Promise<T> {
  const ws = await createConnection(url, { timeout: 3000, ...options });
  try {
    return await fn(ws);
  } finally {
    if (ws.connected) await ws.close({ timeout: 2000 });
    ws.shutdown();
  }
}

export async function badStatus(url: string): Promise<WebSocketBadStatusException> {
  const err = await createConnection(url, { timeout: 3000 }).then(
    (ws) => {
      ws.shutdown();
      return new Error("expected the handshake to be refused");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebSocketBadStatusException);
  return err as WebSocketBadStatusException;
}

export async function closedError(
  promise: Promise<unknown>,
): Promise<WebSocketConnectionClosedException> {
  const err = await promise.then(
    () => new Error("expected the connection to be closed"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebSocketConnectionClosedException);
  return err as WebSocketConnectionClosedException;
}

/** The servers every shared case runs against (websocketd has its own block). */
export const kinds: ServerKind[] = ["ws", "websockets", "autobahn"];
