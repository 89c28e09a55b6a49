import { type WebSocketException, WebSocketTimeoutException } from "@wsclient/errors";
import { schedule } from "./deadlines.js";
import type { ProtocolEvent } from "./protocol/events.js";
import { abortError, type WaitOptions } from "./wait.js";

/** A received event waiting to be taken, with its payload possibly still being decoded. */
export interface QueueItem {
  event: Exclude<ProtocolEvent, { type: "eof" }>;
  /** Bytes counted against the high-water mark: the payload (each in a buffer of its own) plus the item's overhead. */
  size: number;
  /** Set while an extension decodes the payload; the item is delivered after it settles. */
  pending: Promise<void> | null;
}

/** What a waiter's handler returns to keep waiting (the item is consumed either way). */
export const SKIP: unique symbol = Symbol("skip");

/** What {@link ReceiveQueue.poll} returns when no item can be taken at once. */
export const NOT_READY: unique symbol = Symbol("not ready");

type Handler<T> = (item: QueueItem) => T | typeof SKIP;

interface Waiter {
  handle: Handler<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** Cancels the deadline, if there is one. */
  cancel: (() => void) | null;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | null;
}

/**
 * Received events in arrival order, taken by waiters in call order (FIFO).
 * Counts queued payload bytes so the driver can pause the socket.
 */
export class ReceiveQueue {
  #items: QueueItem[] = [];
  #head = 0;
  #waiters: Waiter[] = [];
  #bytes = 0;
  #ended: WebSocketException | null = null;
  #dispatching = false;
  #watched = new WeakSet<Promise<void>>();

  /** Called with each item taken or dropped (so the driver may resume reading, or act on a taken error). */
  onShift: ((item: QueueItem | null) => void) | null = null;

  /** Bytes queued and not yet taken: payloads plus per-item overhead. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Items queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** The error every later take rejects with, once the queue ended. */
  get ended(): WebSocketException | null {
    return this.#ended;
  }

  /** A queued item's payload changed size (an extension decoded it): count the new size. */
  resize(item: QueueItem, size: number): void {
    this.#bytes += size - item.size;
    item.size = size;
  }

  /** True when a queued item satisfies `test`. */
  some(test: (item: QueueItem) => boolean): boolean {
    for (let i = this.#head; i < this.#items.length; i++) if (test(this.#items[i]!)) return true;
    return false;
  }

  push(item: QueueItem): void {
    this.#items.push(item);
    this.#bytes += item.size;
    if (this.#waiters.length > 0) this.#dispatch();
  }

  /** No more items will come: waiters beyond the queued items reject with `error`. */
  end(error: WebSocketException): void {
    this.#ended ??= error;
    this.#dispatch();
  }

  /** Drops every queued item (after a local close). */
  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    this.onShift?.(null);
  }

  /**
   * Waits for the next item `handle` accepts (items it answers {@link SKIP}
   * to are consumed and skipped). Waiters are served in call order; a wait
   * that times out or is aborted leaves the queue untouched.
   */
  take<T>(handle: Handler<T>, options: WaitOptions = {}): Promise<T> {
    if (!options.signal?.aborted) {
      let result: T | typeof NOT_READY;
      try {
        result = this.poll(handle);
      } catch (err) {
        return Promise.reject(err);
      }
      if (result !== NOT_READY) return Promise.resolve(result);
      if (this.#ended !== null && this.#canPoll() && this.#items[this.#head] === undefined) {
        return Promise.reject(this.#ended);
      }
    }
    const { timeout, signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    // One waiter object and at most one deadline entry per wait: this path
    // runs for every message when the caller is faster than the network.
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        handle,
        resolve: resolve as (v: unknown) => void,
        reject,
        cancel: null,
        signal,
        onAbort: null,
      };
      if (timeout !== null && timeout !== undefined && Number.isFinite(timeout)) {
        const message = options.timeoutMessage ?? "Connection timed out";
        waiter.cancel = schedule(Math.max(0, timeout), () =>
          this.#expire(waiter, new WebSocketTimeoutException(message)),
        );
      }
      if (signal !== undefined) {
        waiter.onAbort = () => this.#expire(waiter, abortError(signal));
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
      this.#dispatch();
    });
  }

  /**
   * The fast path of {@link take}, without a promise: when nobody waits
   * ahead and an accepted item is ready, consumes it and returns the
   * handler's result (throwing what the handler throws); else
   * {@link NOT_READY} and the queue is untouched.
   */
  poll<T>(handle: Handler<T>): T | typeof NOT_READY {
    if (!this.#canPoll()) return NOT_READY;
    for (;;) {
      const item = this.#items[this.#head];
      if (item === undefined || item.pending !== null) return NOT_READY;
      let result: T | typeof SKIP;
      try {
        result = handle(item);
      } catch (err) {
        this.#shift();
        throw err;
      }
      this.#shift();
      if (result !== SKIP) return result;
    }
  }

  #canPoll(): boolean {
    return this.#waiters.length === 0 && !this.#dispatching;
  }

  /** Ends a wait early (timeout or abort); the queue is left as it is. */
  #expire(waiter: Waiter, error: unknown): void {
    const i = this.#waiters.indexOf(waiter);
    if (i < 0) return;
    this.#waiters.splice(i, 1);
    release(waiter);
    waiter.reject(error);
  }

  #dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      while (this.#waiters.length > 0) {
        const item = this.#items[this.#head];
        if (item === undefined) {
          if (this.#ended === null) return;
          const ended = this.#ended;
          for (const w of this.#waiters.splice(0)) {
            release(w);
            w.reject(ended);
          }
          return;
        }
        if (item.pending !== null) {
          if (!this.#watched.has(item.pending)) {
            this.#watched.add(item.pending);
            item.pending.then(
              () => this.#dispatch(),
              () => this.#dispatch(),
            );
          }
          return;
        }
        const waiter = this.#waiters[0]!;
        let result: unknown;
        try {
          result = waiter.handle(item);
        } catch (err) {
          this.#shift();
          this.#waiters.shift();
          release(waiter);
          waiter.reject(err);
          continue;
        }
        this.#shift();
        if (result === SKIP) continue;
        this.#waiters.shift();
        release(waiter);
        waiter.resolve(result);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #shift(): void {
    const item = this.#items[this.#head]!;
    this.#items[this.#head] = undefined as unknown as QueueItem;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    this.#bytes -= item.size;
    this.onShift?.(item);
  }
}

/** Drops a settled waiter's deadline and abort listener. */
function release(waiter: Waiter): void {
  if (waiter.cancel !== null) waiter.cancel();
  if (waiter.onAbort !== null) waiter.signal?.removeEventListener("abort", waiter.onAbort);
}
