import { Utf8Validator } from "@wsclient/frame";

/**
 * Validates text payload bytes as they arrive, before the frame parser has a
 * whole frame, so invalid UTF-8 fails the connection at the TCP chunk that
 * carried it (Autobahn 6.4.3/6.4.4), not when the frame ends.
 *
 * It follows frame boundaries by reading headers only (server frames are
 * unmasked, so payload bytes are on the wire as they are) and numbers frames
 * in stream order, 1-based; `failedFrame` is the number of the frame in which
 * the text went wrong (a bad byte, or a sequence cut at the end of the
 * message). The protocol compares it with its own count of completed frames,
 * so errors are still reported in stream order.
 */
export class TextStreamCheck {
  readonly #head = new Uint8Array(14);
  #headLen = 0;
  #headNeed = 2;
  #remaining = 0;
  #inPayload = false;
  #fin = false;
  #frameText = false;
  #messageText = false;
  readonly #utf8 = new Utf8Validator();
  #frames = 0;
  /** The frame in which invalid UTF-8 was found (0 = none yet). */
  failedFrame = 0;
  /** Set when the stream is malformed in a way the frame parser rejects: checking stops. */
  disabled = false;

  /** Follows `chunk`; call with every byte fed to the frame parser, in order. */
  push(chunk: Uint8Array): void {
    const end = chunk.length;
    let pos = 0;
    while (pos < end && !this.disabled && this.failedFrame === 0) {
      if (!this.#inPayload) {
        // The common cases: a whole unmasked header with a 7- or 16-bit length.
        const b1 = this.#headLen === 0 && pos + 4 <= end ? chunk[pos + 1]! : 0x80;
        if (b1 < 126) {
          this.#begin(chunk[pos]!, b1);
          pos += 2;
          continue;
        }
        if (b1 === 126) {
          this.#begin(chunk[pos]!, (chunk[pos + 2]! << 8) | chunk[pos + 3]!);
          pos += 4;
          continue;
        }
        this.#head[this.#headLen++] = chunk[pos++]!;
        if (this.#headLen === 2) {
          const b1 = this.#head[1]!;
          if ((b1 & 0x80) !== 0) {
            // Masked server frame: the parser fails it (RFC 6455 §5.1).
            this.disabled = true;
            return;
          }
          const len7 = b1 & 0x7f;
          this.#headNeed = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0);
        }
        if (this.#headLen >= 2 && this.#headLen === this.#headNeed) this.#startFrame();
        continue;
      }
      const n = Math.min(this.#remaining, end - pos);
      if (this.#frameText && !this.#utf8.push(chunk.subarray(pos, pos + n))) {
        this.failedFrame = this.#frames;
        return;
      }
      pos += n;
      this.#remaining -= n;
      if (this.#remaining === 0) this.#endFrame();
    }
  }

  #startFrame(): void {
    const h = this.#head;
    const b0 = h[0]!;
    const len7 = h[1]! & 0x7f;
    let length = len7;
    if (len7 === 126) {
      length = (h[2]! << 8) | h[3]!;
    } else if (len7 === 127) {
      const hi = ((h[2]! << 24) | (h[3]! << 16) | (h[4]! << 8) | h[5]!) >>> 0;
      const lo = ((h[6]! << 24) | (h[7]! << 16) | (h[8]! << 8) | h[9]!) >>> 0;
      if (hi > 0x1fffff) {
        this.disabled = true; // beyond 2^53: the parser refuses it
        return;
      }
      length = hi * 0x100000000 + lo;
    }
    this.#begin(b0, length);
  }

  /** A frame's header is read: follow its payload. */
  #begin(b0: number, length: number): void {
    this.#frames++;
    const opcode = b0 & 0x0f;
    this.#fin = (b0 & 0x80) !== 0;
    if (opcode === 1) {
      // RSV1 (a compressed message) is validated after decoding, not here.
      this.#messageText = (b0 & 0x40) === 0;
      if (this.#messageText) this.#utf8.reset();
    } else if (opcode === 2) {
      this.#messageText = false;
    }
    this.#frameText = (opcode === 0 || opcode === 1) && this.#messageText;
    this.#remaining = length;
    this.#inPayload = true;
    if (length === 0) this.#endFrame();
  }

  #endFrame(): void {
    // RFC 6455 §8.1: a message that ends inside a UTF-8 sequence is invalid.
    if (this.#frameText && this.#fin) {
      if (!this.#utf8.end()) {
        this.failedFrame = this.#frames;
        return;
      }
      this.#messageText = false;
    }
    this.#inPayload = false;
    this.#headLen = 0;
    this.#headNeed = 2;
  }
}
