import { WebSocketException, WebSocketProtocolException } from "@wsclient/errors";
import type { ExtensionSession } from "./extension.js";
import { EMPTY, encoder } from "./payload.js";
import type { ClientProtocol } from "./protocol/client-protocol.js";
import type { SocketWriter } from "./socket-writer.js";

/** What the send path asks of its connection. */
export interface SendPathHooks {
  /** The error a send fails with once the socket is gone, else null. */
  gone: () => WebSocketException | null;
  /** Sends a failure's held close frame (a close asked for after a violation sends that one). */
  commitFailure: () => void;
}

/**
 * `send*` → protocol → writer. Each send encodes its frame with the
 * protocol, takes every byte the protocol has (pongs included, in order) and
 * writes them; it resolves with the frame's length once the kernel has it.
 * With extensions, whole messages go through their `encode` first, one at a
 * time and in call order; data frames sent meanwhile wait behind them,
 * control frames do not (they may come between messages).
 */
export class SendPath {
  readonly #protocol: ClientProtocol;
  readonly #writer: SocketWriter;
  readonly #sessions: readonly ExtensionSession[];
  readonly #hooks: SendPathHooks;
  /** Sends waiting for an encode, in order; null when none is. */
  #chain: Promise<unknown> | null = null;
  #chained = 0;

  constructor(
    protocol: ClientProtocol,
    writer: SocketWriter,
    sessions: readonly ExtensionSession[],
    hooks: SendPathHooks,
  ) {
    this.#protocol = protocol;
    this.#writer = writer;
    this.#sessions = sessions;
    this.#hooks = hooks;
  }

  /** A whole text or binary message, through the extensions' `encode` when there are any. */
  sendMessage(opcode: 1 | 2, data: Uint8Array, compress?: boolean): Promise<number> {
    const sessions = this.#sessions;
    if (sessions.length === 0) return this.sendFrame(opcode, data, true, false);
    return this.#enqueue(async () => {
      let payload = data;
      let rsv1 = false;
      for (const session of sessions) {
        const out = await session.encode(payload, { opcode, compress });
        payload = out.data;
        rsv1 ||= out.rsv1;
      }
      return [this.#write(opcode, payload, true, rsv1)];
    });
  }

  /** One frame as given (fin, rsv1 kept); data frames keep their place behind pending encodes. */
  sendFrame(opcode: number, data: Uint8Array, fin: boolean, rsv1: boolean): Promise<number> {
    if (this.#chain !== null && opcode <= 2) {
      return this.#enqueue(() => [this.#write(opcode, data, fin, rsv1)]);
    }
    try {
      return this.#write(opcode, data, fin, rsv1);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * One message from the chunks of an iterable or async iterable, as
   * fragments (RFC 6455 §5.4): text if the chunks are strings, binary if
   * bytes; the first frame carries the opcode, the rest are continuations,
   * and an empty final frame ends it (the end is known only when the
   * iterator is done). Each fragment waits for the kernel before the next
   * is taken, so a fast producer is held back; control frames may go out
   * between fragments, other messages wait. Mixing strings and bytes, or an
   * iterator that throws, fails the connection with 1011 — half a message
   * must not pass for a whole one. An empty iterable sends nothing.
   * Fragmented messages are not compressed.
   */
  sendStream(source: Iterable<unknown> | AsyncIterable<unknown>): Promise<number> {
    return this.#enqueue(async () => {
      const iterator =
        Symbol.asyncIterator in source
          ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
          : (source as Iterable<unknown>)[Symbol.iterator]();
      let opcode = 0;
      let total = 0;
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          const chunk = next.value;
          const kind = typeof chunk === "string" ? 1 : chunk instanceof Uint8Array ? 2 : 0;
          if (kind === 0 || (opcode !== 0 && kind !== opcode)) {
            throw new WebSocketException(
              kind === 0
                ? `send(): a streamed message takes strings or Uint8Arrays, got ${typeof chunk}`
                : "send(): a streamed message is text (strings) or binary (Uint8Arrays), not both",
            );
          }
          const data = kind === 1 ? encoder.encode(chunk as string) : (chunk as Uint8Array);
          total += await this.#write(opcode === 0 ? kind : 0, data, false, false);
          opcode = kind;
        }
        if (opcode !== 0) total += await this.#write(0, EMPTY, true, false);
      } catch (err) {
        if (opcode !== 0) this.#abandon();
        throw err;
      }
      return [Promise.resolve(total)];
    });
  }

  /** A streamed message cannot be finished: fail the connection (1011) rather than end it short. */
  #abandon(): void {
    if (this.#hooks.gone() !== null) return;
    this.#protocol.fail(1011, "a streamed message was abandoned");
    void this.#writer.write(this.#protocol.dataToSend())?.catch(() => undefined);
  }

  /** Writes the frame; throws synchronously when the protocol refuses it. */
  #write(opcode: number, data: Uint8Array, fin: boolean, rsv1: boolean): Promise<number> {
    const gone = this.#hooks.gone();
    if (gone !== null) throw gone;
    this.#protocol.sendFrame(opcode, data, { fin, rsv1 });
    const out = this.#protocol.dataToSend();
    const length = out[out.length - 1]!.length;
    return settled(this.#writer.write(out), length);
  }

  /** A close frame from its raw payload (code + reason), as `send(..., OPCODE_CLOSE)` and `sendFrame` do. */
  sendClosePayload(payload: Uint8Array): Promise<number> {
    if (payload.length === 1) {
      return Promise.reject(
        new WebSocketProtocolException("A close payload of 1 byte cannot hold a status code"),
      );
    }
    const code = payload.length === 0 ? undefined : (payload[0]! << 8) | payload[1]!;
    return this.#closeFrame(code, payload.subarray(2));
  }

  /** A close frame, unless one was sent (a held failure close goes out instead). */
  sendClose(status: number, reason: string | Uint8Array): Promise<number> {
    return this.#closeFrame(status, reason);
  }

  #closeFrame(code: number | undefined, reason: string | Uint8Array): Promise<number> {
    const step = (): Promise<number> => {
      const gone = this.#hooks.gone();
      if (gone !== null) throw gone;
      const protocol = this.#protocol;
      if (protocol.failure !== null) {
        this.#hooks.commitFailure();
        return Promise.resolve(0);
      }
      protocol.sendClose(code, reason);
      const out = protocol.dataToSend();
      let n = 0;
      for (const chunk of out) n += chunk.length;
      return settled(this.#writer.write(out), n);
    };
    if (this.#chain !== null) return this.#enqueue(() => [step()]);
    try {
      return step();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Runs `step` after the steps queued before it. A step's write is wrapped
   * (`[promise]`), so the next step starts once this one has handed its
   * bytes to the writer, not once the kernel has them.
   */
  #enqueue(step: () => [Promise<number>] | Promise<[Promise<number>]>): Promise<number> {
    this.#chained++;
    const handed = (this.#chain ?? Promise.resolve()).then(step);
    const settled: Promise<void> = handed.then(
      () => this.#settled(settled),
      () => this.#settled(settled),
    );
    this.#chain = settled;
    return handed.then(([written]) => written);
  }

  #settled(link: Promise<unknown>): void {
    if (--this.#chained === 0 && this.#chain === link) this.#chain = null;
  }
}

/** `value` once `written` (a {@link SocketWriter.write} result) settles; at once when it is null. */
function settled(written: Promise<void> | null, value: number): Promise<number> {
  return written === null ? Promise.resolve(value) : written.then(() => value);
}
