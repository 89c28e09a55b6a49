import type { DecodeInfo, Encoded, EncodeInfo, ExtensionSession } from "@wsclient/core";
import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { EXTENSION_NAME } from "./constants.js";
import { Deflater } from "./deflater.js";
import { Inflater } from "./inflater.js";
import { type AgreedParameters, describeAgreement } from "./negotiate.js";
import { acquireZlibSlot } from "./zlib-limiter.js";

/** Settings of a session that do not come from the negotiation. */
export interface SessionSettings {
  threshold: number;
  level: number;
  memLevel: number;
}

/**
 * permessage-deflate on one connection: inflates received messages whose
 * first frame had RSV1 set, compresses sent ones of `threshold` bytes or
 * more, each zlib job through the process-wide limit. Its zlib streams are
 * made on first use and freed by `close()`.
 */
export class DeflateSession implements ExtensionSession {
  readonly name = EXTENSION_NAME;
  // "This extension uses the RSV1 bit of the WebSocket frame header" (RFC 7692 §6).
  readonly rsv1 = true;
  readonly description: string;
  /** The parameters in use on this connection. */
  readonly agreed: Readonly<AgreedParameters>;
  readonly #threshold: number;
  readonly #inflater: Inflater;
  readonly #deflater: Deflater;
  #closed = false;

  constructor(agreed: AgreedParameters, settings: SessionSettings) {
    this.agreed = Object.freeze({ ...agreed });
    this.description = describeAgreement(agreed);
    this.#threshold = settings.threshold;
    this.#inflater = new Inflater(agreed.serverMaxWindowBits, agreed.serverNoContextTakeover);
    this.#deflater = new Deflater(
      agreed.clientMaxWindowBits,
      agreed.clientNoContextTakeover,
      settings.level,
      settings.memLevel,
    );
  }

  /** Bytes zlib produced while inflating the last received message (at most `maxPayload` plus one 16 KiB chunk). */
  get lastInflatedBytes(): number {
    return this.#inflater.produced;
  }

  decode(data: Uint8Array, info: DecodeInfo): Promise<Uint8Array> {
    return this.#limited(() => this.#inflater.inflate(data, info.maxPayload));
  }

  encode(data: Uint8Array, info: EncodeInfo): Encoded | Promise<Encoded> {
    const compress = info.compress ?? data.length >= this.#threshold;
    if (!compress) return { data, rsv1: false };
    return this.#limited(() => this.#deflater.deflate(data)).then((out) => ({
      data: out,
      rsv1: true,
    }));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#inflater.close();
    this.#deflater.close();
  }

  async #limited(job: () => Promise<Uint8Array>): Promise<Uint8Array> {
    if (this.#closed) throw closedError();
    const release = await acquireZlibSlot();
    try {
      if (this.#closed) throw closedError();
      return await job();
    } finally {
      release();
    }
  }
}

function closedError(): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException(
    "The connection has ended: its permessage-deflate session is closed",
  );
}
