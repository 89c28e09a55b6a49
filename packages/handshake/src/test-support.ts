/**
 * Helpers for this package's tests (not exported from the package).
 */
import { WebSocketException } from "@wsclient/errors";
import { expect } from "vitest";
import type { HandshakeResponse } from "./response.js";
import { ResponseParser, type ResponseParserOptions } from "./response-parser.js";

/** A binary string (one char per byte) as bytes. */
export function bin(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Bytes as a binary string. */
export function str(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** How a parse of a whole stream ended. */
export type Outcome =
  | { kind: "response"; response: HandshakeResponse; restAll: string }
  | { kind: "need-more"; buffered: number }
  | { kind: "error"; name: string; message: string; error: unknown };

/**
 * Feed `chunks` one by one; after a response, the later chunks are what the
 * frame parser would get, so they are appended to `rest` (as `restAll`).
 * With `eof`, call `end()` when the chunks run out.
 */
export function parseChunks(
  chunks: readonly Uint8Array[],
  options: ResponseParserOptions & { eof?: boolean } = {},
  onFeed?: (parser: ResponseParser) => void,
): Outcome {
  const parser = new ResponseParser(options);
  try {
    for (let i = 0; i < chunks.length; i++) {
      const r = parser.feed(chunks[i]!);
      onFeed?.(parser);
      if (r !== null) {
        const later = chunks
          .slice(i + 1)
          .map(str)
          .join("");
        return { kind: "response", response: r, restAll: str(r.rest) + later };
      }
    }
    if (options.eof) {
      const r = parser.end();
      return { kind: "response", response: r, restAll: str(r.rest) };
    }
    return { kind: "need-more", buffered: parser.bufferedBytes };
  } catch (error) {
    if (!(error instanceof WebSocketException)) throw error;
    return { kind: "error", name: error.name, message: error.message, error };
  }
}

/** Split `bytes` at the given cut points. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const c of sorted) {
    out.push(bytes.slice(at, c));
    at = c;
  }
  out.push(bytes.slice(at));
  return out;
}

/** A comparable summary of an outcome. */
export function summary(o: Outcome): unknown {
  if (o.kind === "error") return { kind: o.kind, name: o.name, message: o.message };
  if (o.kind === "need-more") return { kind: o.kind };
  const r = o.response;
  return {
    kind: o.kind,
    status: r.status,
    statusMessage: r.statusMessage,
    httpVersion: r.httpVersion,
    headers: { ...r.headers },
    rawHeaders: r.rawHeaders,
    body: str(r.body),
    bodyTruncated: r.bodyTruncated,
    restAll: o.restAll,
  };
}

/**
 * Parse `bytes` whole, then split in two at every byte boundary, then one
 * byte at a time; every way must end the same. Returns the whole-stream outcome.
 */
export function parseEverySplit(
  bytes: Uint8Array,
  options: ResponseParserOptions & { eof?: boolean } = {},
): Outcome {
  const whole = parseChunks([bytes], options);
  const expected = summary(whole);
  for (let cut = 1; cut < bytes.length; cut++) {
    const got = summary(parseChunks(splitAt(bytes, [cut]), options));
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      throw new Error(
        `split at ${cut} differs:\n${JSON.stringify(got)}\nvs whole:\n${JSON.stringify(expected)}`,
      );
    }
  }
  const bytewise = summary(
    parseChunks(
      Array.from(bytes, (b) => Uint8Array.of(b)),
      options,
    ),
  );
  if (JSON.stringify(bytewise) !== JSON.stringify(expected)) {
    throw new Error(
      `byte-at-a-time differs:\n${JSON.stringify(bytewise)}\nvs whole:\n${JSON.stringify(expected)}`,
    );
  }
  return whole;
}

/** The parsed response of an outcome that must be one. */
export function response(o: Outcome) {
  if (o.kind !== "response")
    throw new Error(`expected a response, got ${JSON.stringify(summary(o))}`);
  return o.response;
}
/** "Name: message" of an outcome that must be an error. */
export function error(o: Outcome): string {
  if (o.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(summary(o))}`);
  expect(o.error).toBeInstanceOf(WebSocketException);
  return `${o.name}: ${o.message}`;
}

// RFC 6455 §1.2: "The handshake from the server looks as follows"
export const RFC_101 =
  "HTTP/1.1 101 Switching Protocols\r\n" +
  "Upgrade: websocket\r\n" +
  "Connection: Upgrade\r\n" +
  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
  "Sec-WebSocket-Protocol: chat\r\n" +
  "\r\n";
