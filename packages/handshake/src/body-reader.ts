import { WebSocketProtocolException } from "@wsclient/errors";
import { concatBytes, joinBytes, latin1Text } from "./bytes.js";

/** What a body reader returns once it has read all it will read. */
export interface BodyResult {
  body: Uint8Array;
  truncated: boolean;
  /** Bytes of the chunk after the body. */
  rest: Uint8Array;
}

/**
 * Reads a non-101 response body, never keeping more than `maxBodyBytes`.
 * `feed` returns the result once the body is complete (or the limit hit).
 */
export interface BodyReader {
  feed(data: Uint8Array): BodyResult | null;
  /** The stream ended: the body so far. */
  end(): BodyResult;
  /** Bytes held. */
  readonly buffered: number;
}

const EMPTY = new Uint8Array(0);

/** Collects up to `limit` bytes. */
class Collector {
  parts: Uint8Array[] = [];
  size = 0;
  constructor(readonly limit: number) {}
  /** Take up to the room left from `data`; returns how many bytes were taken. */
  take(data: Uint8Array): number {
    const n = Math.min(data.length, this.limit - this.size);
    if (n > 0) {
      this.parts.push(data.slice(0, n));
      this.size += n;
    }
    return n;
  }
  get full(): boolean {
    return this.size >= this.limit;
  }
  bytes(): Uint8Array {
    return joinBytes(this.parts);
  }
}

/**
 * RFC 9112 §6.3: "If a valid Content-Length header field is present without
 * Transfer-Encoding, its decimal value defines the expected message body
 * length in octets."
 */
export function lengthReader(length: number, maxBodyBytes: number): BodyReader {
  const want = Math.min(length, maxBodyBytes);
  const got = new Collector(want);
  return {
    feed(data) {
      const n = got.take(data);
      if (!got.full) return null;
      return { body: got.bytes(), truncated: length > want, rest: data.slice(n) };
    },
    end() {
      return { body: got.bytes(), truncated: true, rest: EMPTY };
    },
    get buffered() {
      return got.size;
    },
  };
}

/**
 * RFC 9112 §6.3: "Otherwise, this is a response message without a declared
 * message body length, so the message body length is determined by the
 * number of octets received prior to the server closing the connection."
 */
export function untilCloseReader(maxBodyBytes: number): BodyReader {
  const got = new Collector(maxBodyBytes);
  return {
    feed(data) {
      const n = got.take(data);
      if (!got.full) return null;
      return { body: got.bytes(), truncated: true, rest: data.slice(n) };
    },
    end() {
      return { body: got.bytes(), truncated: false, rest: EMPTY };
    },
    get buffered() {
      return got.size;
    },
  };
}

/** Bound on a chunk-size line (size and chunk extensions). */
export const MAX_CHUNK_LINE = 1024;

/**
 * RFC 9112 §7.1:
 * ```
 * chunked-body   = *chunk last-chunk trailer-section CRLF
 * chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * chunk-size     = 1*HEXDIG
 * last-chunk     = 1*("0") [ chunk-ext ] CRLF
 * ```
 * Stops early, with what it has, once `maxBodyBytes` are kept. The trailer
 * section is bounded by `maxTrailerBytes`.
 */
export function chunkedReader(maxBodyBytes: number, maxTrailerBytes: number): BodyReader {
  const got = new Collector(maxBodyBytes);
  let state: "size" | "data" | "data-end" | "trailer" = "size";
  let line: Uint8Array = EMPTY;
  let remaining = 0;
  let trailerBytes = 0;

  const fail = (what: string) =>
    new WebSocketProtocolException(`Invalid chunked body in the handshake response: ${what}`);

  /** Take one LF-terminated line from `data` at `at`; null when it is not complete yet. */
  const readLine = (
    data: Uint8Array,
    at: number,
    max: number,
    tooLong = `a line is longer than ${max} bytes`,
  ): [string, number] | null => {
    const lf = data.indexOf(0x0a, at);
    const end = lf < 0 ? data.length : lf;
    line = concatBytes(line, data.slice(at, end));
    if (line.length > max) throw fail(tooLong);
    if (lf < 0) return null;
    let text = latin1Text(line);
    line = EMPTY;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return [text, lf + 1];
  };

  return {
    feed(data) {
      let at = 0;
      while (at < data.length) {
        if (state === "size") {
          const r = readLine(data, at, MAX_CHUNK_LINE);
          if (r === null) return null;
          at = r[1];
          const m = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/.exec(r[0]);
          if (m === null) throw fail(`bad chunk size line ${JSON.stringify(r[0])}`);
          remaining = Number.parseInt(m[1]!, 16);
          state = remaining === 0 ? "trailer" : "data";
        } else if (state === "data") {
          const n = Math.min(remaining, data.length - at);
          const kept = got.take(data.subarray(at, at + n));
          if (got.full && (kept < n || remaining > n)) {
            // Cut at the limit: the rest starts with the first byte not kept.
            return { body: got.bytes(), truncated: true, rest: data.slice(at + kept) };
          }
          at += n;
          remaining -= n;
          if (remaining === 0) state = "data-end";
        } else if (state === "data-end") {
          const notCrlf = "chunk data is not followed by CRLF";
          const r = readLine(data, at, 1, notCrlf);
          if (r === null) return null;
          if (r[0] !== "") throw fail(notCrlf);
          at = r[1];
          state = "size";
        } else {
          const r = readLine(data, at, maxTrailerBytes);
          if (r === null) return null;
          at = r[1];
          trailerBytes += r[0].length + 2;
          if (trailerBytes > maxTrailerBytes) throw fail("the trailer section is too long");
          if (r[0] === "") return { body: got.bytes(), truncated: false, rest: data.slice(at) };
        }
      }
      return null;
    },
    end() {
      return { body: got.bytes(), truncated: true, rest: EMPTY };
    },
    get buffered() {
      return got.size + line.length;
    },
  };
}
