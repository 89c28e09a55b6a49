import { constants, createInflateRaw, type InflateRaw } from "node:zlib";
import { WebSocketConnectionClosedException, WebSocketPayloadException } from "@wsclient/errors";
import { TRAILER, zlibWindowBits } from "./constants.js";

interface InflateJob {
  chunks: Buffer[];
  size: number;
  maxPayload: number;
  resolve: (data: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * One connection's receiving side: a raw zlib inflate stream kept between
 * messages (context takeover) unless the server takes none. Created on the
 * first compressed message, closed by {@link Inflater.close}.
 */
export class Inflater {
  readonly #windowBits: number;
  readonly #noContextTakeover: boolean;
  #zlib: InflateRaw | null = null;
  #job: InflateJob | null = null;
  #ended = false;
  #closed = false;
  /** Bytes of output zlib produced for the last message (kept: at most `maxPayload` and one chunk). */
  produced = 0;

  constructor(windowBits: number, noContextTakeover: boolean) {
    this.#windowBits = zlibWindowBits(windowBits);
    this.#noContextTakeover = noContextTakeover;
  }

  /**
   * Inflates one message: "1. Append 4 octets of 0x00 0x00 0xff 0xff to the
   * tail end of the payload of the message. 2. Decompress the resulting
   * data using DEFLATE." (RFC 7692 §7.2.2). Output counts against
   * `maxPayload` (0 = none) as it is produced: past it, zlib is stopped at
   * once and the promise rejects with a 1009 `WebSocketPayloadException`,
   * so a bomb never allocates its inflated size. A corrupt stream rejects
   * with 1007.
   */
  inflate(data: Uint8Array, maxPayload: number): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(closedError());
    const zlib = this.#stream();
    this.produced = 0;
    return new Promise((resolve, reject) => {
      this.#job = { chunks: [], size: 0, maxPayload, resolve, reject };
      zlib.write(data);
      zlib.write(TRAILER, (err) => (err ? this.#onError(err) : this.#finish()));
    });
  }

  /** Frees the zlib stream (idempotent); a message being inflated fails. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail(closedError());
    this.#destroy();
  }

  #stream(): InflateRaw {
    if (this.#zlib !== null) return this.#zlib;
    const zlib = createInflateRaw({
      windowBits: this.#windowBits,
      finishFlush: constants.Z_SYNC_FLUSH,
      flush: constants.Z_SYNC_FLUSH,
    });
    zlib.on("data", (chunk: Buffer) => this.#onData(chunk));
    zlib.on("error", (err: Error) => this.#onError(err));
    // A block with BFINAL set ends the DEFLATE stream (RFC 7692 §7.2.3.4);
    // the next message starts a new one.
    zlib.on("end", () => {
      this.#ended = true;
    });
    this.#ended = false;
    this.#zlib = zlib;
    return zlib;
  }

  #onData(chunk: Buffer): void {
    const job = this.#job;
    if (job === null) return;
    this.produced += chunk.length;
    job.size += chunk.length;
    if (job.maxPayload > 0 && job.size > job.maxPayload) {
      // Stop zlib now: destroying the stream from its 'data' event ends the
      // write in progress before the next output chunk.
      this.#destroy();
      this.#fail(
        new WebSocketPayloadException(
          `Message too big after decompressing: more than ${job.maxPayload} bytes (maxPayload)`,
          { closeCode: 1009 },
        ),
      );
      return;
    }
    job.chunks.push(chunk);
  }

  #onError(err: Error & { code?: string }): void {
    // A write refused because the stream was destroyed: either we did it (the
    // job has failed already) or zlib failed, and its 'error' follows.
    if (err.code === "ERR_STREAM_DESTROYED") return;
    this.#destroy();
    // A stream zlib cannot inflate: the payload is not what RSV1 claims (1007).
    this.#fail(
      new WebSocketPayloadException(
        `Invalid compressed data in a permessage-deflate message: ${err.message}`,
        { closeCode: 1007, cause: err },
      ),
    );
  }

  #finish(): void {
    const job = this.#job;
    if (job === null) return;
    this.#job = null;
    if (this.#ended) this.#destroy();
    else if (this.#noContextTakeover) this.#zlib?.reset();
    job.resolve(job.chunks.length === 1 ? job.chunks[0]! : Buffer.concat(job.chunks, job.size));
  }

  #fail(error: Error): void {
    const job = this.#job;
    if (job === null) return;
    this.#job = null;
    job.chunks = [];
    job.reject(error);
  }

  #destroy(): void {
    const zlib = this.#zlib;
    if (zlib === null) return;
    this.#zlib = null;
    zlib.removeAllListeners("data");
    zlib.removeAllListeners("end");
    zlib.on("error", () => {}); // late errors of a stream we gave up on
    zlib.close();
  }
}

function closedError(): WebSocketConnectionClosedException {
  return new WebSocketConnectionClosedException(
    "The connection ended while a permessage-deflate message was being inflated",
  );
}
