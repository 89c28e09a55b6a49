/**
 * A small RFC 6455 frame writer and reader, written for the fuzzing server on
 * purpose apart from `@wsclient/frame`: the server must be able to send frames
 * no conforming implementation would (reserved bits, reserved opcodes, control
 * frames that are too long or fragmented), and grading the client with a
 * codec it shares would not be an independent check.
 */

export interface OutFrame {
  opcode: number;
  payload: Uint8Array;
  fin?: boolean;
  /** The three RSV bits as a number 0-7 (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
  rsv?: number;
  /** A 4-byte masking key; server frames go unmasked, test clients mask. */
  mask?: Uint8Array;
}

/** One frame as read from the peer. */
export interface InFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  mask: Buffer | null;
  payload: Buffer;
}

// "The length of the "Payload data", in bytes: if 0-125, that is the payload
// length. If 126, the following 2 bytes interpreted as a 16-bit unsigned
// integer are the payload length. If 127, the following 8 bytes interpreted as
// a 64-bit unsigned integer [...] are the payload length." (RFC 6455 §5.2)
function headerFor(frame: OutFrame, length: number): Buffer {
  const extra = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + extra + (frame.mask ? 4 : 0));
  header[0] =
    ((frame.fin ?? true) ? 0x80 : 0) | (((frame.rsv ?? 0) & 7) << 4) | (frame.opcode & 15);
  const maskBit = frame.mask ? 0x80 : 0;
  if (extra === 0) header[1] = maskBit | length;
  else if (extra === 2) {
    header[1] = maskBit | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (frame.mask) header.set(frame.mask.subarray(0, 4), 2 + extra);
  return header;
}

/** XOR `data` in place with the 4-byte `mask` (RFC 6455 §5.3). */
export function applyMask(data: Buffer, mask: Uint8Array): void {
  const m0 = mask[0] ?? 0;
  const m1 = mask[1] ?? 0;
  const m2 = mask[2] ?? 0;
  const m3 = mask[3] ?? 0;
  const n = data.length;
  let i = 0;
  if (n >= 16 && data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, n >>> 2);
    const key = new Uint32Array(new Uint8Array([m0, m1, m2, m3]).buffer)[0] ?? 0;
    for (let w = 0; w < words.length; w++) words[w] = (words[w] ?? 0) ^ key;
    i = words.length * 4;
  }
  for (; i < n; i++) {
    const k = (i & 3) === 0 ? m0 : (i & 3) === 1 ? m1 : (i & 3) === 2 ? m2 : m3;
    data[i] = (data[i] ?? 0) ^ k;
  }
}

/** Serialise one frame; the payload is copied when a mask is applied. */
export function encodeFrame(frame: OutFrame): Buffer {
  const header = headerFor(frame, frame.payload.length);
  const body = Buffer.from(frame.payload);
  if (frame.mask) applyMask(body, frame.mask);
  return Buffer.concat([header, body]);
}

/** Limits that keep the reader's memory bounded whatever the peer sends. */
export interface ReaderLimits {
  /** Largest frame payload accepted, in bytes. */
  maxFramePayload: number;
}

export class FrameError extends Error {
  constructor(
    message: string,
    readonly closeCode: number,
  ) {
    super(message);
  }
}

/**
 * Incremental frame reader. `push` takes chunks split anywhere and returns the
 * frames completed so far. Payloads are unmasked. It checks only framing
 * (lengths); what a frame means is the connection's business.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly limits: ReaderLimits) {}

  push(chunk: Buffer): InFrame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: InFrame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return out;
      out.push(frame);
    }
  }

  private peek(n: number): Buffer {
    if ((this.chunks[0]?.length ?? 0) >= n) return this.chunks[0]!.subarray(0, n);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - at);
      c.copy(out, at, 0, k);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }

  private next(): InFrame | null {
    if (this.buffered < 2) return null;
    const head = this.peek(2);
    const b0 = head[0] ?? 0;
    const b1 = head[1] ?? 0;
    const masked = (b1 & 0x80) !== 0;
    const len7 = b1 & 0x7f;
    const extra = len7 < 126 ? 0 : len7 === 126 ? 2 : 8;
    const headerLength = 2 + extra + (masked ? 4 : 0);
    if (this.buffered < headerLength) return null;
    const header = this.peek(headerLength);
    let length = len7;
    if (extra === 2) length = header.readUInt16BE(2);
    else if (extra === 8) {
      const big = header.readBigUInt64BE(2);
      // "the most significant bit MUST be 0" (RFC 6455 §5.2)
      if (big >> 63n) throw new FrameError("frame length has the most significant bit set", 1002);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new FrameError(`frame payload of ${big} bytes exceeds the server's limit`, 1009);
      }
      length = Number(big);
    }
    if (length > this.limits.maxFramePayload) {
      throw new FrameError(`frame payload of ${length} bytes exceeds the server's limit`, 1009);
    }
    if (this.buffered < headerLength + length) return null;
    const mask = masked ? Buffer.from(header.subarray(2 + extra, 2 + extra + 4)) : null;
    this.take(headerLength);
    const payload = length === 0 ? Buffer.alloc(0) : Buffer.from(this.take(length));
    if (mask) applyMask(payload, mask);
    return {
      fin: (b0 & 0x80) !== 0,
      rsv: (b0 >> 4) & 7,
      opcode: b0 & 0x0f,
      masked,
      mask,
      payload,
    };
  }
}
