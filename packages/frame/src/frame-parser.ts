import { ABNF } from "./abnf.js";
import { allocBytes, EMPTY, typeOf, view } from "./bytes.js";
import { parseClosePayload } from "./close-payload.js";
import { payloadError, protocolError, usageError, WebSocketException } from "./frame-errors.js";
import {
  DEFAULT_MAX_PAYLOAD,
  type FeedResult,
  type FrameParserOptions,
} from "./frame-parser-options.js";
import { checkFrameHeader } from "./frame-rules.js";
import { keyWord, xorRange } from "./mask.js";
import { OPCODE_CLOSE } from "./opcodes.js";
import { type PayloadMode, SpanCopy, takePayload } from "./payload-copy.js";
import { STATUS_MESSAGE_TOO_BIG } from "./status-codes.js";
import { TextCheck } from "./text-check.js";

export { DEFAULT_MAX_PAYLOAD, type FeedResult, type FrameParserOptions };

/** Payloads up to this size split across chunks get their whole buffer at once. */
const FULL_ALLOC_MAX = 1024 * 1024;
const tooBig = (n: number, why: string) =>
  payloadError(`frame of ${n} bytes ${why}`, STATUS_MESSAGE_TOO_BIG);

/** Header bytes (with the mask key) announced by the second byte. */
const headSize = (b1: number) =>
  2 + ((b1 & 0x7f) < 126 ? 0 : (b1 & 0x7f) === 126 ? 2 : 8) + (b1 & 0x80 ? 4 : 0);

/**
 * An incremental, sans-I/O RFC 6455 frame parser: bytes in, frames out.
 *
 * Chunks may be split at any byte. Each frame is checked on its own (reserved
 * bits, opcodes, control frame rules, masking direction, length encoding,
 * `maxPayload`, close payloads); message-level rules (continuation order,
 * text UTF-8, message size) are the caller's.
 *
 * Payloads are zero-copy views of the fed chunk when they make up at least
 * half of the memory that chunk's buffer holds; otherwise they are copied, so
 * that a small frame never pins a large socket chunk. `feed` never changes
 * the chunk and keeps no reference to it after it returns (except through
 * those views), so do not reuse a chunk's memory while its frames are in use
 * — unless `ownPayloads` is set (see {@link FrameParserOptions}).
 */
export class FrameParser {
  readonly #maxPayload: number;
  readonly #allowRsv1: boolean;
  readonly #expectMasked: boolean;
  readonly #skipUtf8Validation: boolean;
  readonly #payloads: PayloadMode;
  /** `ownPayloads`: the copy small payloads of the current chunk are views of. */
  readonly #span: SpanCopy | null;
  /** Null unless `validateText`. */
  readonly #text: TextCheck | null;
  #error: WebSocketException | null = null;

  /** A header split across chunks. */
  readonly #head = new Uint8Array(14);
  #headLen = 0;

  /** The frame whose header is parsed. */
  #b0 = 0;
  #masked = false;
  #length = 0;
  #key = 0;

  /** A payload split across chunks. */
  #inPayload = false;
  #buf: Uint8Array = EMPTY;
  #got = 0;

  constructor(opts: FrameParserOptions = {}) {
    const max = opts.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    if (!Number.isSafeInteger(max) || max < 0) {
      throw usageError(`bad maxPayload ${max}`);
    }
    this.#maxPayload = max === 0 ? Number.MAX_SAFE_INTEGER : max;
    this.#allowRsv1 = opts.allowRsv1 === true;
    this.#expectMasked = opts.expectMasked === true;
    this.#skipUtf8Validation = opts.skipUtf8Validation === true;
    if (opts.zeroCopy === true && opts.ownPayloads === true) {
      throw usageError(
        "zeroCopy and ownPayloads exclude each other: views of the chunk, or copies",
      );
    }
    this.#payloads = opts.zeroCopy === true ? "view" : opts.ownPayloads === true ? "own" : "share";
    this.#span = this.#payloads === "own" ? new SpanCopy() : null;
    this.#text = opts.validateText === true ? new TextCheck() : null;
  }

  /** Bytes held for a frame not complete yet. */
  get bufferedBytes(): number {
    return this.#headLen + (this.#inPayload ? this.#got : 0);
  }

  /**
   * Parse the next chunk; returns the frames it completed, in order.
   *
   * When the chunk ends in a protocol violation, the frames it completed
   * before the violation are lost with the throw; use {@link feedAll} to get
   * them as well as the error.
   *
   * @throws WebSocketProtocolException (closeCode 1002),
   *   WebSocketPayloadException (1007 for a close reason that is not UTF-8,
   *   1009 for a payload over `maxPayload`). After an error, every later call
   *   throws the same error.
   */
  feed(chunk: Uint8Array): ABNF[] {
    const { frames, error } = this.feedAll(chunk);
    if (error !== null) throw error;
    return frames;
  }

  /**
   * Parse the next chunk without throwing for anything the peer sent: returns
   * the frames the chunk completed, in order, and the violation that stopped
   * it (or `null`).
   *
   * When `error` is set, `frames` holds every frame completed in this chunk
   * before the violation (deliver them, then close with `error.closeCode`),
   * and the parser is failed exactly as after a throwing {@link feed}: every
   * later `feedAll` returns no frames and the same error, every later `feed`
   * throws it.
   *
   * @throws WebSocketException only for a caller mistake (`chunk` not a
   *   `Uint8Array`), never for peer bytes.
   */
  feedAll(chunk: Uint8Array): FeedResult {
    if (this.#error !== null) return { frames: [], error: this.#error };
    if (!(chunk instanceof Uint8Array)) {
      throw usageError(`feed() takes a Uint8Array, got ${typeOf(chunk)}`);
    }
    const frames: ABNF[] = [];
    try {
      this.#feed(chunk, frames);
    } catch (err) {
      this.#buf = EMPTY;
      // Every violation is built as a typed error; anything else is a bug
      // and propagates as it is (the parser is failed either way).
      this.#error = err as WebSocketException;
      if (!WebSocketException.isInstance(err)) throw err;
      return { frames, error: this.#error };
    } finally {
      this.#span?.release();
    }
    return { frames, error: null };
  }

  /** Parse `chunk`, pushing each frame to `out` as it completes; throws at a violation. */
  #feed(chunk: Uint8Array, out: ABNF[]): void {
    const end = chunk.length;
    let pos = 0;
    if (this.#inPayload) {
      pos = this.#continuePayload(chunk, 0, out);
      if (this.#inPayload) return;
    } else if (this.#headLen > 0) {
      pos = this.#continueHeader(chunk, out);
      if (pos < 0) return;
    }
    while (pos < end) {
      const avail = end - pos;
      if (avail < 2) {
        this.#stashHeader(chunk, pos, end);
        break;
      }
      const b1 = chunk[pos + 1]!;
      this.#checkFirstBytes(chunk[pos]!, b1);
      const size = headSize(b1);
      if (avail < size) {
        this.#stashHeader(chunk, pos, end);
        break;
      }
      this.#readHeader(chunk, pos);
      pos += size;
      pos = this.#onPayloadStart(chunk, pos, out);
    }
  }

  /** Checks that need only the first two bytes, so a bad header fails at once. */
  #checkFirstBytes(b0: number, b1: number): void {
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0 || opcode > 2) {
      checkFrameHeader((b0 & 0x80) !== 0, (b0 >>> 4) & 0x7, opcode, b1 & 0x7f, this.#allowRsv1);
    }
    // RFC 6455 §5.1: "A server MUST NOT mask any frames that it sends to the
    // client. A client MUST close a connection if it detects a masked frame."
    // and "The server MUST close the connection upon receiving a frame that
    // is not masked."
    if (((b1 & 0x80) !== 0) !== this.#expectMasked) {
      throw protocolError(
        `${this.#expectMasked ? "unmasked frame from a client" : "masked frame from a server"} (RFC 6455 §5.1)`,
      );
    }
  }

  /** Read a complete header at `src[p..]` into the current-frame fields. */
  #readHeader(src: Uint8Array, p: number): void {
    const b0 = src[p]!;
    const b1 = src[p + 1]!;
    const len7 = b1 & 0x7f;
    let length = len7;
    p += 2;
    if (len7 === 126) {
      length = (src[p]! << 8) | src[p + 1]!;
      p += 2;
    } else if (len7 === 127) {
      // §5.2: "the following 8 bytes interpreted as a 64-bit unsigned
      // integer (the most significant bit MUST be 0) are the payload length."
      if (src[p]! >= 0x80) throw protocolError("64-bit length with the top bit set");
      length = 0;
      for (const stop = p + 8; p < stop; p++) length = length * 256 + src[p]!;
    }
    if (length > this.#maxPayload) {
      throw tooBig(length, `over maxPayload ${this.#maxPayload}`);
    }
    const masked = (b1 & 0x80) !== 0;
    if (masked) {
      this.#key = keyWord(src, p);
    }
    this.#b0 = b0;
    this.#masked = masked;
    this.#length = length;
    this.#text?.start(b0);
  }

  #stashHeader(chunk: Uint8Array, pos: number, end: number): void {
    for (let i = pos; i < end; i++) this.#head[this.#headLen++] = chunk[i]!;
  }

  /** Complete a header split across chunks; -1 when this chunk did not finish it. */
  #continueHeader(chunk: Uint8Array, out: ABNF[]): number {
    const head = this.#head;
    let i = 0;
    for (;;) {
      const have = this.#headLen;
      if (have >= (have < 2 ? 2 : headSize(head[1]!))) break;
      if (i >= chunk.length) return -1;
      head[this.#headLen++] = chunk[i++]!;
      if (this.#headLen === 2) this.#checkFirstBytes(head[0]!, head[1]!);
    }
    this.#readHeader(head, 0);
    this.#headLen = 0;
    return this.#onPayloadStart(chunk, i, out);
  }

  /** The header is read and the payload starts at `chunk[pos]`. */
  #onPayloadStart(chunk: Uint8Array, pos: number, out: ABNF[]): number {
    const n = this.#length;
    const avail = chunk.length - pos;
    if (avail >= n) {
      const data = this.#take(chunk, pos, n);
      if (this.#text?.active) this.#text.push(data, this.#b0 >= 0x80);
      out.push(this.#makeFrame(data));
      return pos + n;
    }
    // The payload continues in later chunks: copy what is here.
    const buf = this.#alloc(
      n <= FULL_ALLOC_MAX ? n : Math.min(n, Math.max(FULL_ALLOC_MAX, avail * 2)),
    );
    buf.set(view(chunk, pos, avail), 0);
    this.#buf = buf;
    this.#got = avail;
    this.#inPayload = true;
    // Fail fast: text bytes are checked as they arrive, not when the frame ends.
    if (this.#text?.active && !this.#masked) this.#text.push(view(buf, 0, avail), false);
    return chunk.length;
  }

  /** A buffer for the payload being read; a 1009 error when it cannot be allocated. */
  #alloc(size: number): Uint8Array {
    try {
      return allocBytes(size);
    } catch {
      throw tooBig(this.#length, "cannot be buffered");
    }
  }

  /** Add `chunk[pos..]` to a payload split across chunks. */
  #continuePayload(chunk: Uint8Array, pos: number, out: ABNF[]): number {
    const n = Math.min(this.#length - this.#got, chunk.length - pos);
    this.#room(this.#got + n);
    this.#buf.set(view(chunk, pos, n), this.#got);
    this.#advance(n, out);
    return pos + n;
  }

  /** Grows the partial payload's buffer to hold `want` bytes (doubling, never past the frame). */
  #room(want: number): void {
    if (want <= this.#buf.length) return;
    const grown = this.#alloc(Math.min(this.#length, Math.max(this.#buf.length * 2, want)));
    grown.set(view(this.#buf, 0, this.#got), 0);
    this.#buf = grown;
  }

  /** `n` more payload bytes are in the buffer: check text, finish the frame when complete. */
  #advance(n: number, out: ABNF[]): void {
    const from = this.#got;
    const want = from + n;
    this.#got = want;
    const done = want === this.#length;
    if (this.#text?.active && !this.#masked) {
      this.#text.push(view(this.#buf, from, n), done && this.#b0 >= 0x80);
    }
    if (done) {
      const data = this.#buf;
      this.#buf = EMPTY;
      this.#inPayload = false;
      this.#got = 0;
      if (this.#masked) {
        xorRange(data, 0, data.length, this.#key, 0);
        if (this.#text?.active) this.#text.push(data, this.#b0 >= 0x80);
      }
      out.push(this.#makeFrame(data));
    }
  }

  /**
   * Zero-copy reads: where the rest of the current frame's payload goes —
   * a view of the buffer the frame is assembled in — when a payload split
   * across chunks is in progress, unmasked, with at least `min` bytes to
   * come; else null. A caller that can read straight into memory (Node's
   * `onread` with a buffer function, `recv_into`) reads into it and calls
   * {@link feedInto} with the count, saving the copy `feed` makes.
   */
  payloadTarget(min = 0): Uint8Array | null {
    if (!this.#inPayload || this.#masked || this.#error !== null) return null;
    const remaining = this.#length - this.#got;
    if (remaining < Math.max(min, 1)) return null;
    try {
      this.#room(this.#got + 1);
    } catch {
      return null; // cannot grow it now: `feed` reports the 1009
    }
    return view(this.#buf, this.#got, Math.min(this.#buf.length - this.#got, remaining));
  }

  /** `n` bytes were written at the start of the last {@link payloadTarget}; as {@link feedAll}. */
  feedInto(n: number): FeedResult {
    if (this.#error !== null) return { frames: [], error: this.#error };
    const frames: ABNF[] = [];
    try {
      this.#advance(n, frames);
    } catch (err) {
      this.#buf = EMPTY;
      this.#error = err as WebSocketException;
      if (!WebSocketException.isInstance(err)) throw err;
      return { frames, error: this.#error };
    }
    return { frames, error: null };
  }

  /** The payload `chunk[pos..pos+n)`, unmasked; a view or a copy (see the class notes). */
  #take(chunk: Uint8Array, pos: number, n: number): Uint8Array {
    return takePayload(chunk, pos, n, this.#payloads, this.#masked ? this.#key : null, this.#span);
  }

  #makeFrame(data: Uint8Array): ABNF {
    const b0 = this.#b0;
    const opcode = b0 & 0x0f;
    if (opcode === OPCODE_CLOSE) {
      parseClosePayload(data, { skipUtf8Validation: this.#skipUtf8Validation });
    }
    return new ABNF(
      b0 >>> 7,
      (b0 >>> 6) & 1,
      (b0 >>> 5) & 1,
      (b0 >>> 4) & 1,
      opcode,
      this.#masked ? 1 : 0,
      data,
    );
  }
}
