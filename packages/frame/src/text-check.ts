import { payloadError } from "./frame-errors.js";
import { Utf8Validator } from "./utf8-validator.js";

/**
 * The parser's `validateText`: follows which frames carry text and checks
 * their bytes as the parser copies them, in the same pass.
 */
export class TextCheck {
  readonly #utf8 = new Utf8Validator();
  /** A text message is being validated (its first frame was text without RSV1). */
  #inText = false;
  /** The current frame's payload is text to validate. */
  active = false;

  /** A frame with first byte `b0` starts: decides whether its payload is text to check. */
  start(b0: number): void {
    const opcode = b0 & 0x0f;
    if (opcode >= 8) {
      this.active = false;
      return;
    }
    if (opcode !== 0) {
      // RFC 7692 §6: RSV1 on a message's first frame means a compressed
      // payload, validated by whoever decompresses it.
      this.#inText = opcode === 1 && (b0 & 0x40) === 0;
      this.#utf8.reset();
    }
    this.active = this.#inText;
  }

  /**
   * RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as UTF-8
   * but finds that the byte stream is not, in fact, a valid UTF-8 stream,
   * that endpoint MUST _Fail the WebSocket Connection_." `bytes` are the
   * next payload bytes of the current frame; `last` when they end the message.
   */
  push(bytes: Uint8Array, last: boolean): void {
    const utf8 = this.#utf8;
    if (!utf8.push(bytes) || (last && !utf8.end())) {
      this.#inText = false;
      this.active = false;
      throw payloadError("Invalid UTF-8 in text message");
    }
    if (last) this.#inText = false;
  }
}
