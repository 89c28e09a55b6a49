import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import {
  type BodyReader,
  type BodyResult,
  chunkedReader,
  lengthReader,
  untilCloseReader,
} from "./body-reader.js";
import { concatBytes, latin1Text, utf8Text } from "./bytes.js";
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  DEFAULT_MAX_HEADERS,
} from "./constants.js";
import { isTchar, splitList } from "./http-syntax.js";
import { isRedirect } from "./redirect-status.js";
import type { HandshakeResponse } from "./response.js";

/** Limits of {@link ResponseParser}; every one has a default. */
export interface ResponseParserOptions {
  /** Bound on the status line plus header block, line ends included. Default 16 KiB. */
  maxHeaderBytes?: number | undefined;
  /** Bound on the number of header lines. Default 100. */
  maxHeaders?: number | undefined;
  /** Bound on the body kept from a non-101 response. Default 64 KiB. */
  maxBodyBytes?: number | undefined;
}

const EMPTY = new Uint8Array(0);
const HTTP_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

type State = "status" | "headers" | "body" | "done" | "failed";

/**
 * Incremental parser of the server's handshake response: feed it the bytes
 * as they arrive, split anywhere.
 *
 * - A `101` response is complete at the blank line ending the headers; the
 *   bytes after it are `rest` (the start of the WebSocket stream).
 * - Redirects (301, 302, 303, 307, 308), 1xx, 204 and 304 are complete at
 *   the blank line too (their body is not needed).
 * - Other statuses read their body: `Content-Length` bytes, a chunked body,
 *   or until the stream ends — at most `maxBodyBytes`, then complete.
 *
 * Line ends are CRLF; a bare LF is accepted (RFC 9112 §2.2: "a recipient MAY
 * recognize a single LF as a line terminator and ignore any preceding CR").
 * It never holds more than `maxHeaderBytes` of header bytes.
 */
export class ResponseParser {
  readonly #maxHeaderBytes: number;
  readonly #maxHeaders: number;
  readonly #maxBodyBytes: number;
  #state: State = "status";
  #error: unknown;
  /** The bytes of the line being read (not yet LF-terminated). */
  #line: Uint8Array = EMPTY;
  /** Header bytes consumed so far (complete lines, with their line ends). */
  #headBytes = 0;
  #status = 0;
  #statusMessage = "";
  #httpVersion = "";
  #rawHeaders: Array<[string, string]> = [];
  #body: BodyReader | undefined;
  #result: HandshakeResponse | undefined;

  constructor(options: ResponseParserOptions = {}) {
    this.#maxHeaderBytes = limit(
      options.maxHeaderBytes,
      DEFAULT_MAX_HEADER_BYTES,
      "maxHeaderBytes",
    );
    this.#maxHeaders = limit(options.maxHeaders, DEFAULT_MAX_HEADERS, "maxHeaders");
    this.#maxBodyBytes = limit(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, "maxBodyBytes");
  }

  /** Bytes held by the parser right now (a partial header line, or body read so far). */
  get bufferedBytes(): number {
    return this.#line.length + (this.#body?.buffered ?? 0);
  }

  /** True once a response has been returned (by `feed` or `end`). */
  get done(): boolean {
    return this.#state === "done";
  }

  /**
   * Parse the next bytes of the response.
   *
   * @returns the response once complete, else `null` (need more bytes).
   * @throws WebSocketProtocolException when the bytes are not a valid HTTP/1.x
   *   response or break a limit; the same error again on later calls.
   */
  feed(chunk: Uint8Array): HandshakeResponse | null {
    if (this.#state === "failed") throw this.#error;
    if (this.#state === "done") {
      throw new WebSocketException(
        "ResponseParser.feed() called after the response was complete; later bytes belong to the WebSocket stream",
      );
    }
    if (!(chunk instanceof Uint8Array)) {
      throw new WebSocketException("ResponseParser.feed() expects a Uint8Array (or Buffer)");
    }
    try {
      return this.#feed(chunk);
    } catch (error) {
      this.#state = "failed";
      this.#error = error;
      this.#line = EMPTY;
      this.#body = undefined;
      throw error;
    }
  }

  /**
   * The stream ended. A non-101 response whose body was being read is
   * returned with the body so far; before the end of the headers it is an
   * error.
   *
   * @throws WebSocketConnectionClosedException when the headers are incomplete.
   */
  end(): HandshakeResponse {
    if (this.#state === "done") return this.#result!;
    if (this.#state === "failed") throw this.#error;
    if (this.#state === "body") return this.#finish(this.#body!.end());
    const received = this.#headBytes + this.#line.length;
    const part = this.#state === "status" ? "status line" : "headers";
    this.#state = "failed";
    this.#error = new WebSocketConnectionClosedException(
      received === 0
        ? "Connection closed by the server before any handshake response"
        : `Connection closed by the server during the handshake response, after ${received} bytes and before the end of its ${part}`,
    );
    throw this.#error;
  }

  #feed(data: Uint8Array): HandshakeResponse | null {
    while (this.#state === "status" || this.#state === "headers") {
      const lf = data.indexOf(0x0a);
      if (lf < 0) {
        const line = concatBytes(this.#line, data);
        this.#checkPartial(line);
        this.#line = line === data ? data.slice() : line;
        return null;
      }
      const line = concatBytes(this.#line, data.subarray(0, lf));
      this.#line = EMPTY;
      data = data.subarray(lf + 1);
      if (this.#state === "status") this.#checkPrefix(line);
      this.#headBytes += line.length + 1;
      if (this.#headBytes > this.#maxHeaderBytes) throw this.#tooLong();
      const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
      const content = line.subarray(0, end);
      if (content.includes(0x0d)) {
        throw fail(`a bare CR inside the line ${show(content)}`);
      }
      if (this.#state === "status") {
        this.#parseStatusLine(content);
        this.#state = "headers";
      } else if (content.length > 0) {
        this.#parseHeaderLine(content);
      } else {
        const done = this.#endOfHead(data);
        if (done !== null) return done;
        data = EMPTY; // consumed by the body reader
      }
    }
    if (this.#state === "body" && data.length > 0) {
      const r = this.#body!.feed(data);
      return r === null ? null : this.#finish(r);
    }
    return null;
  }

  /** Fail early on a partial line: wrong first bytes, or over the limit. */
  #checkPartial(line: Uint8Array): void {
    if (this.#state === "status") this.#checkPrefix(line);
    if (this.#headBytes + line.length > this.#maxHeaderBytes) throw this.#tooLong();
  }

  /**
   * RFC 9112 §4: `HTTP-name = %s"HTTP"` opens the status line. Checked on the
   * first bytes, so a stream that is not HTTP fails at once.
   */
  #checkPrefix(line: Uint8Array): void {
    const n = Math.min(line.length, HTTP_PREFIX.length);
    for (let i = 0; i < n; i++) {
      if (line[i] !== HTTP_PREFIX[i]) {
        const shown = latin1Text(line.subarray(0, i + 1));
        throw fail(
          `the status line does not start with "HTTP/" (it starts with ${JSON.stringify(shown)}): the server does not speak HTTP`,
        );
      }
    }
  }

  #tooLong(): WebSocketProtocolException {
    return fail(`the status line and headers exceed ${this.#maxHeaderBytes} bytes`);
  }

  /** RFC 9112 §4: `status-line = HTTP-version SP status-code SP [ reason-phrase ]`. */
  #parseStatusLine(line: Uint8Array): void {
    const text = latin1Text(line);
    const m = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/s.exec(text);
    if (m === null) throw fail(`malformed status line ${JSON.stringify(text.slice(0, 64))}`);
    if (m[1] !== "1") throw fail(`unsupported HTTP version ${m[1]}.${m[2]} in the status line`);
    const reason = m[4] ?? "";
    // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(reason)) {
      throw fail(`a control character in the reason phrase ${JSON.stringify(reason)}`);
    }
    this.#httpVersion = `${m[1]}.${m[2]}`;
    this.#status = Number(m[3]);
    this.#statusMessage = utf8Text(line.subarray(line.length - reason.length));
  }

  /**
   * RFC 9112 §5: `field-line = field-name ":" OWS field-value OWS`; "No
   * whitespace is allowed between the field name and colon"; obs-fold is
   * refused (§5.2: "A user agent that receives an obs-fold in a response
   * message ... MUST replace each received obs-fold with one or more SP"; we
   * refuse it instead — no WebSocket server folds lines).
   */
  #parseHeaderLine(line: Uint8Array): void {
    if (line[0] === 0x20 || line[0] === 0x09) {
      throw fail(`obsolete line folding (a header line starting with whitespace): ${show(line)}`);
    }
    const colon = line.indexOf(0x3a);
    if (colon < 0) throw fail(`a header line without a colon: ${show(line)}`);
    if (colon === 0) throw fail(`a header line with an empty name: ${show(line)}`);
    for (let i = 0; i < colon; i++) {
      if (!isTchar(line[i]!)) {
        throw fail(`an invalid character in the header name ${show(line.subarray(0, colon))}`);
      }
    }
    let start = colon + 1;
    let end = line.length;
    while (start < end && (line[start] === 0x20 || line[start] === 0x09)) start++;
    while (end > start && (line[end - 1] === 0x20 || line[end - 1] === 0x09)) end--;
    for (let i = start; i < end; i++) {
      const c = line[i]!;
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
        const name = latin1Text(line.subarray(0, colon));
        throw fail(
          `a control character (0x${c.toString(16).padStart(2, "0")}) in the value of header "${name}"`,
        );
      }
    }
    if (this.#rawHeaders.length >= this.#maxHeaders) {
      throw fail(`more than ${this.#maxHeaders} header lines`);
    }
    this.#rawHeaders.push([
      latin1Text(line.subarray(0, colon)),
      utf8Text(line.subarray(start, end)),
    ]);
  }

  /** The blank line: choose how to read the body. Returns the response when complete. */
  #endOfHead(data: Uint8Array): HandshakeResponse | null {
    const status = this.#status;
    if (status === 101 || isRedirect(status) || status < 200 || status === 204 || status === 304) {
      return this.#finish({ body: EMPTY, truncated: false, rest: data.slice() });
    }
    this.#body = this.#chooseBody();
    this.#state = "body";
    const r = this.#body.feed(data);
    return r === null ? null : this.#finish(r);
  }

  /** RFC 9112 §6.3, message body length, for a response to GET. */
  #chooseBody(): BodyReader {
    const headers = joinHeaders(this.#rawHeaders);
    const te = headers["transfer-encoding"];
    if (te !== undefined) {
      // "If a Transfer-Encoding header field is present in a response and the
      // chunked transfer coding is not the final encoding, the message body
      // length is determined by reading the connection until it is closed".
      const codings = splitList(te);
      return codings[codings.length - 1]?.toLowerCase() === "chunked"
        ? chunkedReader(this.#maxBodyBytes, this.#maxHeaderBytes)
        : untilCloseReader(this.#maxBodyBytes);
    }
    const cl = headers["content-length"];
    if (cl !== undefined) {
      // "If a message is received without Transfer-Encoding and with ... a
      // Content-Length header field value consisting of the same decimal
      // value repeated as a list ... the recipient MAY ... use that value";
      // otherwise "the recipient MUST treat it as an unrecoverable error".
      const values = new Set(splitList(cl));
      const [only] = values;
      if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
        throw fail(`an invalid Content-Length ${JSON.stringify(cl)}`);
      }
      return lengthReader(Number(only), this.#maxBodyBytes);
    }
    return untilCloseReader(this.#maxBodyBytes);
  }

  #finish(r: BodyResult): HandshakeResponse {
    this.#state = "done";
    this.#body = undefined;
    this.#result = {
      status: this.#status,
      statusMessage: this.#statusMessage,
      httpVersion: this.#httpVersion,
      headers: joinHeaders(this.#rawHeaders),
      rawHeaders: this.#rawHeaders,
      body: r.body,
      bodyTruncated: r.truncated,
      rest: r.rest,
    };
    return this.#result;
  }
}

/** Lower-case names, repeated headers joined with `", "`, no prototype. */
function joinHeaders(raw: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of raw) {
    const key = name.toLowerCase();
    const prev = out[key];
    out[key] = prev === undefined ? value : `${prev}, ${value}`;
  }
  return out;
}

function fail(what: string): WebSocketProtocolException {
  return new WebSocketProtocolException(`Invalid handshake response: ${what}`);
}

function show(line: Uint8Array): string {
  return JSON.stringify(latin1Text(line.subarray(0, 80)));
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new WebSocketException(`Invalid ${name} ${String(value)}: expected an integer >= 0`);
  }
  return value;
}
