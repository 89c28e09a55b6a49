/**
 * The server side of the CPU benchmark, in the client's own process: a
 * `Duplex` given to the client as its socket. It answers the upgrade, hands
 * out prebuilt bursts of server frames in 64 KiB chunks (as a socket read
 * delivers them) and counts what the client writes — no kernel, no second
 * process, so the time measured is the client's own.
 */
import { Duplex } from "node:stream";
import { requestKey, upgradeResponse } from "../raw-server.js";

const READ_SIZE = 64 * 1024;

export class MemoryPeer extends Duplex {
  #upgraded = false;
  #received = 0;
  #want = 0;
  #onReceived: (() => void) | null = null;

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.#take(chunk.length, chunk);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: () => void): void {
    for (const { chunk } of chunks) this.#take(chunk.length, chunk);
    callback();
  }

  #take(n: number, chunk: Buffer): void {
    if (!this.#upgraded) {
      this.#upgraded = true;
      this.push(Buffer.from(upgradeResponse(requestKey(chunk.toString("latin1"))), "latin1"));
      return;
    }
    this.#received += n;
    if (this.#onReceived !== null && this.#received >= this.#want) {
      const done = this.#onReceived;
      this.#onReceived = null;
      done();
    }
  }

  /** Delivers `wire` (whole frames) on the next turn of the loop, in socket-sized chunks. */
  deliver(wire: Buffer): void {
    setImmediate(() => {
      for (let at = 0; at < wire.length; at += READ_SIZE) {
        this.push(wire.subarray(at, Math.min(wire.length, at + READ_SIZE)));
      }
    });
  }

  /** Resolves once the client has written `bytes` more bytes. */
  received(bytes: number): Promise<void> {
    this.#want = this.#received + bytes;
    if (this.#received >= this.#want) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onReceived = resolve;
    });
  }
}
