import { constants, createDeflateRaw, type DeflateRaw } from "node:zlib";
import { WebSocketConnectionClosedException, WebSocketException } from "@wsclient/errors";
import { zlibWindowBits } from "./constants.js";

interface DeflateJob {
  chunks: Buffer[];
  size: number;
  resolve: (data: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** "an empty DEFLATE block with no compression", its 4-byte tail removed (RFC 7692 §7.2.3.6). */
const EMPTY_MESSAGE = new Uint8Array([0x00]);

/**
 * One connection's sending side: a raw zlib deflate stream kept between
 * messages (context takeover) unless this side takes none. Created on the
 * first compressed message, closed by {@link Deflater.close}.
 */
export class Deflater {
  readonly #options: { windowBits: number; level: number; memLevel: number };
  readonly #noContextTakeover: boolean;
  #zlib: DeflateRaw | null = null;
  #job: DeflateJob | null = null;
  #closed = false;

  constructor(windowBits: number, noContextTakeover: boolean, level: number, memLevel: number) {
    this.#options = { windowBits: zlibWindowBits(windowBits), level, memLevel };
    this.#noContextTakeover = noContextTakeover;
  }

  /**
   * Compresses one message: "1. Compress all the octets of the payload of
   * the message using DEFLATE. 2. If the resulting data does not end with an
   * empty DEFLATE block with no compression (the "BTYPE" bits are set to
   * 00), append an empty DEFLATE block with no compression to the tail end.
   * 3. Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end."
   * (RFC 7692 §7.2.1) — a sync flush ends with exactly that empty block.
   */
  deflate(data: Uint8Array): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(closedError());
    // An empty message is the single octet 0x00 (§7.2.3.6); zlib is not
    // needed, and the sliding window does not change.
    if (data.length === 0) return Promise.resolve(EMPTY_MESSAGE.slice());
    const zlib = this.#stream();
    return new Promise((resolve, reject) => {
      this.#job = { chunks: [], size: 0, resolve, reject };
      zlib.write(data, (err) => (err ? this.#onError(err) : this.#finish()));
    });
  }

  /** Frees the zlib stream (idempotent); a message being compressed fails. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail(closedError());
    this.#destroy();
  }

  #stream(): DeflateRaw {
    if (this.#zlib !== null) return this.#zlib;
    const zlib = createDeflateRaw({ ...this.#options, flush: constants.Z_SYNC_FLUSH });
    zlib.on("data", (chunk: Buffer) => {
      const job = this.#job;
      if (job === null) return;
      job.chunks.push(chunk);
      job.size += chunk.length;
    });
    zlib.on("error", (err: Error) => this.#onError(err));
    this.#zlib = zlib;
    return zlib;
  }

  #onError(err: Error & { code?: string }): void {
    if (err.code === "ERR_STREAM_DESTROYED") return;
    this.#destroy();
    this.#fail(
      new WebSocketException(`permessage-deflate could not compress a message: ${err.message}`, {
        cause: err,
      }),
    );
  }

  #finish(): void {
    const job = this.#job;
    if (job === null) return;
    this.#job = null;
    if (this.#noContextTakeover) this.#zlib?.reset();
    const out = job.chunks.length === 1 ? job.chunks[0]! : Buffer.concat(job.chunks, job.size);
    // The sync flush ended the output with 00 00 ff ff: remove it.
    job.resolve(out.subarray(0, out.length - 4));
  }

  #fail(error: Error): void {
    const job = this.#job;
    if (job === null) return;
    this.#job = null;
    job.reject(error);
  }

  #destroy(): void {
    const zlib = this.#zlib;
    if (zlib === null) return;
    this.#zlib = null;
    zlib.removeAllListeners("data");
    zlib.on("error", () => {});
    zlib.close();
  }
}

function closedError(): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException(
    "The connection ended while a permessage-deflate message was being compressed",
  );
}
