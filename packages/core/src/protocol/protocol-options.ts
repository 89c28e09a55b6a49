import type { State } from "./state.js";

/** Default per-message size limit: 100 MiB, as `ws`. */
export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;
/** Default number of automatic pongs that may wait unsent before older ones are dropped. */
export const DEFAULT_MAX_PENDING_PONGS = 16;

/** Options of {@link ClientProtocol}: what the connection negotiated and the caller chose. */
export interface ClientProtocolOptions {
  /** Bytes per message (and per frame); default 100 MiB; 0 = no limit. */
  maxPayload?: number;
  /** Skip UTF-8 validation of text messages. */
  skipUtf8Validation?: boolean;
  /** Emit every data frame as a `fragment` event instead of assembled messages. */
  fireContFrame?: boolean;
  /** Produces the masking key (`n` = 4 bytes). Default: CSPRNG. */
  getMaskKey?: (n: number) => Uint8Array;
  /**
   * Automatic pongs that may wait in {@link ClientProtocol.dataToSend} (the
   * driver has not taken the output because the socket is backed up). Beyond
   * it the oldest waiting pong is dropped — RFC 6455 §5.5.3 allows answering
   * only the most recent ping — so a ping flood cannot grow memory. Default 16.
   */
  maxPendingPongs?: number;
  /**
   * Where the frames the caller sends of over 4 KiB are encoded (the
   * driver's recycled buffers); default a new array each.
   */
  allocFrame?: (n: number) => Uint8Array;
  /** An extension negotiated RSV1 (permessage-deflate): compressed messages arrive with it set. */
  allowRsv1?: boolean;
  /** Initial state; default OPEN (the driver did the opening handshake). */
  state?: State;
}
