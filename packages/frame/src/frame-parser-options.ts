import type { ABNF } from "./abnf.js";
import type { WebSocketException } from "./frame-errors.js";

/** Options of {@link FrameParser}. */
export interface FrameParserOptions {
  /**
   * Largest payload accepted in one frame, in bytes; default 100 MiB
   * (104857600); 0 means no limit. Checked on the header, before any of the
   * payload is buffered.
   */
  maxPayload?: number;
  /** RSV1 may be set on the first frame of a data message (permessage-deflate); default false. */
  allowRsv1?: boolean;
  /**
   * false (default, the client side): a masked frame is a protocol error.
   * true (the server side): every frame MUST be masked, and is unmasked.
   */
  expectMasked?: boolean;
  /** Do not check close reasons for UTF-8 (Python's `skip_utf8_validation`); default false. */
  skipUtf8Validation?: boolean;
  /**
   * Hand out every unmasked payload that lies within one chunk as a view of
   * that chunk, however small (as `ws` does). Default false: payloads under
   * half of the chunk's memory are copied, so they never pin it. With true,
   * a caller that keeps payloads must account for the chunks they pin
   * (compare `frame.data.buffer` with the chunk's).
   */
  zeroCopy?: boolean;
  /**
   * Put every payload in a buffer of its own, never a view of the chunk, so
   * the caller may reuse the chunk's memory as soon as `feed` returns and a
   * kept payload pins nothing of it: up to 64 B an array of exactly its size
   * (on the JS heap); up to 4 KiB a view of one copy of up to 32 KiB of the
   * chunk, made once for the payloads that lie in it (masked: carved from a
   * shared 8 KiB slab), so a kept payload pins at most that copy — half of
   * the 64 KiB socket chunk a view would pin; larger an array of exactly its
   * size. Each payload byte is copied once. Default false; not with `zeroCopy`.
   */
  ownPayloads?: boolean;
  /**
   * Validate the UTF-8 of text messages as their bytes arrive, in this one
   * pass over the payload: a text message (opcode 1 without RSV1) and its
   * continuation frames fail with 1007 at the chunk holding the first bad
   * byte (of an unmasked frame; a masked one when it completes), and at the
   * message's last frame when a sequence is left incomplete. Default false.
   */
  validateText?: boolean;
}

/** What {@link FrameParser.feedAll} returns. */
export interface FeedResult {
  /** The frames the chunk completed, in order (before the violation, if any). */
  frames: ABNF[];
  /** The violation that stopped parsing, carrying the close code to send; `null` if none. */
  error: WebSocketException | null;
}

/** Default {@link FrameParserOptions.maxPayload}: 100 MiB. */
export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;
