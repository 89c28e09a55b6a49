import { WebSocketProtocolException } from "@wsclient/errors";
import type { Connection } from "./connection.js";
import { DEFAULT_WRITE_HIGH_WATER_MARK } from "./defaults.js";
import { traceSent } from "./frame-trace.js";
import type { ClientProtocol } from "./protocol/client-protocol.js";
import { waitFor } from "./wait.js";

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The write side of a connection: frames go to the socket in call order;
 * a send resolves once its frame is handed to the socket, after 'drain'
 * when the socket holds more than `writeHighWaterMark` bytes. A frame is
 * written at once when nothing is queued (the fast path: no promise chain);
 * otherwise it waits behind the earlier writes.
 */
export class FrameWriter {
  readonly #conn: Connection;
  readonly #highWaterMark: number;
  #chain: Promise<unknown> = Promise.resolve();
  #queued = 0;
  /** True while the socket is corked until the next tick (see {@link write}). */
  #corked = false;
  readonly #uncorkSoon = () => this.uncork();

  constructor(conn: Connection) {
    this.#conn = conn;
    this.#highWaterMark = conn.options.writeHighWaterMark ?? DEFAULT_WRITE_HIGH_WATER_MARK;
  }

  /** Writes pending protocol output (pongs, close frames) unless the socket is backed up with only pongs pending. */
  flush(): void {
    const { socket, protocol, trace } = this.#conn;
    if (protocol.pendingPongs === 0 && !protocol.hasUrgentOutput) return; // nothing to write
    if (socket.destroyed || !socket.writable) return;
    if (socket.writableNeedDrain && protocol.pendingPongs > 0 && !protocol.hasUrgentOutput) return;
    for (const chunk of protocol.dataToSend()) {
      if (trace !== null) traceSent(trace, chunk);
      socket.write(chunk);
    }
  }

  /** Serializes an async write step after the previous ones. */
  enqueue<T>(step: () => Promise<T>): Promise<T> {
    this.#queued++;
    const result = this.#chain.then(step);
    const settled = result.then(
      () => {
        this.#queued--;
      },
      () => {
        this.#queued--;
      },
    );
    this.#chain = settled;
    return result;
  }

  /**
   * Encodes one frame and writes it now when no earlier write is pending,
   * else after them. Resolves with the frame's length.
   */
  sendFrame(opcode: number, data: Uint8Array, fin: boolean, rsv1: boolean): Promise<number> {
    if (this.#queued > 0) {
      return this.enqueue(async () => {
        const bytes = this.#conn.requireProtocol().sendFrame(opcode, data, { fin, rsv1 });
        await this.write(bytes);
        return bytes.length;
      });
    }
    let bytes: Uint8Array;
    let wait: Promise<void>;
    try {
      bytes = this.#conn.requireProtocol().sendFrame(opcode, data, { fin, rsv1 });
      wait = this.write(bytes);
    } catch (err) {
      return Promise.reject(err);
    }
    if (wait === RESOLVED) return Promise.resolve(bytes.length);
    // Later sends queue behind this one's wait for 'drain'.
    return this.enqueue(() => wait.then(() => bytes.length));
  }

  /** Sends a whole text or binary message, through the extensions' `encode` when there are any. */
  sendMessage(opcode: 1 | 2, data: Uint8Array): Promise<number> {
    const ext = this.#conn.extensions.length > 0 ? this.#conn.extensions : null;
    if (ext === null) return this.sendFrame(opcode, data, true, false);
    return this.enqueue(async () => {
      let payload = data;
      let rsv1 = false;
      for (const e of ext) {
        const out = await e.encode(payload, { opcode });
        payload = out.data;
        rsv1 ||= out.rsv1;
      }
      const bytes = this.#conn.requireProtocol().sendFrame(opcode, payload, { rsv1 });
      await this.write(bytes);
      return bytes.length;
    });
  }

  /** Sends a close frame from its raw payload (code + reason), as `send(..., OPCODE_CLOSE)` and `sendFrame` do. */
  sendClosePayload(payload: Uint8Array): Promise<number> {
    return this.enqueue(async () => {
      const protocol = this.#conn.requireProtocol();
      if (payload.length === 1) {
        throw new WebSocketProtocolException("A close payload of 1 byte cannot hold a status code");
      }
      if (payload.length === 0) protocol.sendClose();
      else {
        const code = (payload[0]! << 8) | payload[1]!;
        protocol.sendClose(code, payload.subarray(2));
      }
      return this.#writeOutput(protocol);
    });
  }

  /** Sends a close frame unless one was sent (a held failure close goes out instead). */
  async sendClose(status: number, reason: string | Uint8Array): Promise<void> {
    await this.enqueue(async () => {
      const protocol = this.#conn.requireProtocol();
      if (protocol.failurePending) {
        this.#conn.closer.commitFailure();
        return 0;
      }
      if (protocol.closeSent !== null) return 0;
      protocol.sendClose(status, reason);
      return this.#writeOutput(protocol);
    });
  }

  async #writeOutput(protocol: ClientProtocol): Promise<number> {
    let n = 0;
    for (const chunk of protocol.dataToSend()) {
      n += chunk.length;
      await this.write(chunk);
    }
    return n;
  }

  /**
   * Writes one encoded frame and waits for 'drain' when the socket holds too much.
   *
   * The first write of a tick corks the socket and the next tick uncorks it,
   * so a caller awaiting `send` in a loop (each `await` is a microtask, all
   * in one tick) hands the kernel one `writev` instead of one write per
   * frame. The bytes are in the socket's buffer when `write` returns, in
   * call order; beyond `writeHighWaterMark` they are flushed at once.
   */
  write(bytes: Uint8Array): Promise<void> {
    const conn = this.#conn;
    const socket = conn.socket;
    if (socket.destroyed || !socket.writable) {
      return Promise.reject(conn.currentClosedError());
    }
    if (conn.trace !== null) traceSent(conn.trace, bytes);
    if (!this.#corked) {
      this.#corked = true;
      socket.cork();
      process.nextTick(this.#uncorkSoon);
    }
    socket.write(bytes);
    if (socket.writableLength <= this.#highWaterMark) return RESOLVED;
    this.uncork();
    if (socket.writableLength <= this.#highWaterMark) return RESOLVED;
    return waitFor<void>(
      (resolve, reject) => {
        const onDrain = () => resolve();
        const onClose = () => reject(conn.currentClosedError());
        socket.once("drain", onDrain);
        socket.once("close", onClose);
        return () => {
          socket.off("drain", onDrain);
          socket.off("close", onClose);
        };
      },
      { timeout: conn.timeout(), timeoutMessage: "Connection timed out waiting to send" },
    );
  }

  /** Hands the frames corked in this tick to the kernel now (before a destroy, or past the high-water mark). */
  uncork(): void {
    if (!this.#corked) return;
    this.#corked = false;
    const socket = this.#conn.socket;
    if (socket.writableCorked > 0) socket.uncork();
  }
}
