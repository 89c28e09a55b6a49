import type { Opcode } from "@wsclient/core";
import { WebSocketConnectionClosedException, WebSocketException } from "@wsclient/errors";

/** Bounds of the queue `WebSocketApp` keeps while it reconnects. */
export interface SendQueueOptions {
  /** Most messages held at once. Default 1000. */
  maxMessages?: number;
  /** Most payload bytes held at once (text counted as UTF-8). Default 1 MiB. */
  maxBytes?: number;
}

/** The `sendQueue` option of `WebSocketApp`: `true` for the default bounds. */
export type SendQueueSetting = boolean | SendQueueOptions;

interface Queued {
  data: string | Uint8Array;
  opcode: Opcode | undefined;
  size: number;
  resolve: (n: number) => void;
  reject: (e: unknown) => void;
}

/** Sends one message on the current connection. */
export type SendNow = (data: string | Uint8Array, opcode: Opcode | undefined) => Promise<number>;

const encoder = new TextEncoder();

function byteSize(data: string | Uint8Array): number {
  return typeof data === "string" ? encoder.encode(data).byteLength : data.byteLength;
}

function limit(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new WebSocketException(`sendQueue.${name} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

/**
 * The messages `WebSocketApp.send` accepted while no connection was open,
 * bounded by count and bytes. They are sent in order on the next connection,
 * or rejected when the queue is full or the app stops.
 */
export class SendQueue {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly #items: Queued[] = [];
  #bytes = 0;
  #flushing = false;

  constructor(options: SendQueueOptions = {}) {
    this.maxMessages = limit("maxMessages", options.maxMessages, 1000);
    this.maxBytes = limit("maxBytes", options.maxBytes, 1024 * 1024);
  }

  /**
   * Turns the `sendQueue` option into a queue, or `null` when it is off.
   *
   * @throws WebSocketException for a malformed option.
   */
  static from(setting: SendQueueSetting | undefined): SendQueue | null {
    if (setting === undefined || setting === false) return null;
    if (setting === true) return new SendQueue();
    if (typeof setting !== "object" || setting === null) {
      throw new WebSocketException(
        `sendQueue must be true, false or { maxMessages, maxBytes }, got ${String(setting)}`,
      );
    }
    return new SendQueue(setting);
  }

  /** Messages waiting. */
  get length(): number {
    return this.#items.length;
  }

  /** Payload bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** True while messages wait or are being flushed: new ones must queue behind them. */
  get busy(): boolean {
    return this.#items.length > 0 || this.#flushing;
  }

  /**
   * Queues a message; resolves with the bytes written once it is sent.
   * Rejects at once with `WebSocketConnectionClosedException` when it would
   * pass a bound.
   */
  push(data: string | Uint8Array, opcode: Opcode | undefined): Promise<number> {
    const size = byteSize(data);
    if (this.#items.length + 1 > this.maxMessages || this.#bytes + size > this.maxBytes) {
      return Promise.reject(
        new WebSocketConnectionClosedException(
          `Connection is closed and the send queue is full (${this.#items.length} messages, ${this.#bytes} bytes; limits ${this.maxMessages} messages, ${this.maxBytes} bytes): wait for onOpen/onReconnect or raise sendQueue.maxMessages/maxBytes`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.#items.push({ data, opcode, size, resolve, reject });
      this.#bytes += size;
    });
  }

  /**
   * Sends every queued message in order through `send`, including those
   * queued meanwhile. A message whose send fails goes back to the head of
   * the queue for the next connection and the flush stops.
   */
  async flush(send: SendNow): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let item = this.#items.shift(); item !== undefined; item = this.#items.shift()) {
        this.#bytes -= item.size;
        let written: number;
        try {
          written = await send(item.data, item.opcode);
        } catch {
          this.#items.unshift(item);
          this.#bytes += item.size;
          return;
        }
        item.resolve(written);
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Rejects every queued message with `error` and empties the queue. */
  rejectAll(error: unknown): void {
    const items = this.#items.splice(0);
    this.#bytes = 0;
    for (const item of items) item.reject(error);
  }
}
