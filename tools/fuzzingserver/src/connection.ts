import type { Socket } from "node:net";
import { CLOSE_GOING_AWAY, CLOSE_PROTOCOL_ERROR } from "./close-codes";
import type { ConnectionHandler, ConnectionOptions, SendFrameOptions } from "./connection-types";
import type { PerMessageDeflate } from "./deflate";
import { encodeFrame, type FrameError, FrameReader, type InFrame } from "./frame-codec";
import { IncomingFrames } from "./incoming";
import { preview, WireLog } from "./wirelog";

export type { ConnectionHandler, ConnectionOptions, SendFrameOptions };

type State = "open" | "closing" | "closed";

const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;

export function toBytes(data: Uint8Array | string | undefined): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  return typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
}

/**
 * The server end of one WebSocket connection, after the opening handshake.
 * It mirrors the state Autobahn's grading reads: who started the closing
 * handshake (`closedByMe`), whether both close frames were exchanged
 * (`wasClean`), who dropped TCP (`droppedByMe`), and the peer's close code.
 * Frames from the client are checked strictly (masked, no RSV, known opcodes,
 * control frame rules, UTF-8 text, valid close payloads).
 */
export class FuzzConnection {
  state: State = "open";
  closedByMe = false;
  failedByMe = false;
  droppedByMe = false;
  wasClean = false;
  wasNotCleanReason: string | null = null;
  remoteCloseCode: number | null = null;
  remoteCloseReason: string | null = null;
  localCloseCode: number | null = null;
  localCloseReason: string | null = null;
  autoFragmentSize = 0;
  readonly wirelog = new WireLog();
  readonly txFrameStats: Record<number, number> = {};
  readonly rxFrameStats: Record<number, number> = {};
  rxOctets = 0;
  txOctets = 0;
  handler: ConnectionHandler | null = null;
  /** permessage-deflate, when the opening handshake agreed on it. */
  deflate: PerMessageDeflate | null = null;

  private readonly reader: FrameReader;
  private readonly incoming: IncomingFrames;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closeTimer: NodeJS.Timeout | null = null;
  private queue: { data: Buffer; sync: boolean }[] = [];
  private pumping = false;
  private endAfterFlush = false;
  private readonly maxMessage: number;
  private readonly closeHandshakeTimeout: number;

  constructor(
    readonly socket: Socket,
    options: ConnectionOptions = {},
  ) {
    this.maxMessage = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE;
    this.closeHandshakeTimeout = options.closeHandshakeTimeout ?? 1000;
    this.reader = new FrameReader({ maxFramePayload: this.maxMessage });
    this.incoming = new IncomingFrames(this.maxMessage, () => this.deflate);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => {});
    socket.on("close", () => this.onSocketClose());
  }

  /** Feed bytes that arrived with the upgrade request. */
  feed(head: Buffer): void {
    if (head.length > 0) this.onData(head);
  }

  // ---- sending -----------------------------------------------------------

  /** Queue raw bytes; `sync` writes them on their own, then yields a tick. */
  sendRaw(data: Buffer, sync = false): void {
    if (this.state === "closed" || this.socket.destroyed) return;
    this.txOctets += data.length;
    if (!sync && !this.pumping && this.queue.length === 0) {
      this.socket.write(data);
      return;
    }
    this.queue.push({ data, sync });
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const step = (): void => {
      while (this.queue.length > 0) {
        if (this.socket.destroyed) {
          this.queue = [];
          break;
        }
        const item = this.queue.shift()!;
        this.socket.write(item.data);
        if (item.sync) {
          setImmediate(step);
          return;
        }
      }
      this.pumping = false;
      if (this.endAfterFlush && !this.socket.destroyed) this.socket.end();
    };
    step();
  }

  /** Send one frame, anything at all: the point of a fuzzing server. */
  sendFrame(opts: SendFrameOptions): void {
    if (this.state === "closed") return;
    let payload = toBytes(opts.payload);
    if (opts.payloadLen !== undefined) {
      payload =
        payload.length === 0
          ? Buffer.alloc(opts.payloadLen)
          : Buffer.alloc(opts.payloadLen, payload);
    }
    const fin = opts.fin ?? true;
    const rsv = opts.rsv ?? 0;
    this.txFrameStats[opts.opcode] = (this.txFrameStats[opts.opcode] ?? 0) + 1;
    if (this.wirelog.recording)
      this.wirelog.add([
        "TF",
        preview(payload),
        opts.opcode,
        fin,
        rsv,
        null,
        opts.payloadLen ?? null,
        opts.chopsize ?? null,
        opts.sync ?? false,
      ]);
    const bytes = encodeFrame({ opcode: opts.opcode, payload, fin, rsv });
    if (opts.chopsize && opts.chopsize > 0) {
      for (let i = 0; i < bytes.length; i += opts.chopsize) {
        this.sendRaw(bytes.subarray(i, i + opts.chopsize), true);
      }
    } else {
      this.sendRaw(bytes, opts.sync ?? false);
    }
  }

  /**
   * Send a data message; split in frames of `fragmentSize` (or the
   * auto-fragment size) the way Autobahn does: a payload that divides evenly
   * ends with an empty final frame.
   */
  sendMessage(payload: Uint8Array | string, binary = false, fragmentSize?: number): void {
    // With permessage-deflate the whole message is compressed, then split;
    // "the RSV1 bit of the first frame" marks it compressed (RFC 7692 §6).
    const data = this.deflate ? this.deflate.compress(toBytes(payload)) : toBytes(payload);
    const rsv = this.deflate ? 4 : 0;
    const opcode = binary ? 2 : 1;
    const size = fragmentSize ?? (this.autoFragmentSize > 0 ? this.autoFragmentSize : undefined);
    if (size === undefined || data.length <= size) {
      this.sendFrame({ opcode, payload: data, rsv });
      return;
    }
    let first = true;
    for (let i = 0; ; i += size) {
      const done = i + size > data.length;
      const end = done ? data.length : i + size;
      this.sendFrame({
        opcode: first ? opcode : 0,
        payload: data.subarray(i, end),
        fin: done,
        rsv: first ? rsv : 0,
      });
      first = false;
      if (done) return;
    }
  }

  /** Start a frame of `length` bytes whose payload follows through `sendFrameData`. */
  beginFrame(opcode: number, length: number, fin = true): void {
    const header = encodeFrame({ opcode, payload: Buffer.alloc(length), fin }).subarray(
      0,
      length < 126 ? 2 : length < 0x10000 ? 4 : 10,
    );
    this.txFrameStats[opcode] = (this.txFrameStats[opcode] ?? 0) + 1;
    this.wirelog.add(["TH", length, opcode, fin]);
    this.sendRaw(Buffer.from(header), true);
  }

  sendFrameData(data: Uint8Array | string): void {
    const bytes = toBytes(data);
    this.wirelog.add(["TD", preview(bytes)]);
    this.sendRaw(bytes, true);
  }

  /**
   * Send a close frame and enter CLOSING. `isReply` tells a reply to the
   * peer's close from a close we start (which sets `closedByMe` and arms the
   * close handshake timeout). `rawPayload` sends exactly those bytes.
   */
  sendCloseFrame(
    code?: number | null,
    reason?: Uint8Array | string,
    isReply = false,
    rawPayload?: Uint8Array,
  ): void {
    if (this.state !== "open") return;
    let payload: Buffer;
    if (rawPayload) payload = Buffer.from(rawPayload);
    else if (code === undefined || code === null) payload = Buffer.alloc(0);
    else {
      const head = Buffer.alloc(2);
      head.writeUInt16BE(code & 0xffff);
      payload = Buffer.concat([head, toBytes(reason)]);
    }
    this.sendFrame({ opcode: 8, payload });
    this.state = "closing";
    this.closedByMe = !isReply;
    this.localCloseCode = code ?? null;
    this.localCloseReason = reason === undefined ? null : toBytes(reason).toString("latin1");
    if (this.closedByMe && this.closeHandshakeTimeout > 0) {
      this.closeTimer = setTimeout(() => {
        this.wasNotCleanReason = "peer did not respond (in time) in closing handshake";
        this.dropConnection(true);
      }, this.closeHandshakeTimeout);
    }
  }

  /** Start the closing handshake if the connection is open. */
  sendClose(code?: number, reason?: string): void {
    this.sendCloseFrame(code ?? null, reason);
  }

  /** Fail the connection: a close frame when open, a TCP drop when closing. */
  failConnection(code = CLOSE_GOING_AWAY, reason = "Going Away"): void {
    if (this.state === "closed") return;
    this.failedByMe = true;
    if (this.state === "open") this.sendCloseFrame(code, reason);
    else this.dropConnection(false);
  }

  /** Close TCP: `abort` destroys at once, otherwise after queued bytes are written. */
  dropConnection(abort: boolean): void {
    if (this.socket.destroyed) return;
    this.droppedByMe = true;
    if (abort) {
      this.socket.destroy();
      return;
    }
    if (this.pumping || this.queue.length > 0) this.endAfterFlush = true;
    else this.socket.end();
    const guard = setTimeout(() => this.socket.destroy(), 2000);
    this.timers.add(guard);
  }

  // ---- timers --------------------------------------------------------------

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.state !== "closed") fn();
    }, ms);
    this.timers.add(t);
  }

  continueLater(seconds: number, fn: () => void, tag?: string): void {
    this.wirelog.add(["CT", seconds, tag ?? null]);
    this.later(seconds * 1000, () => {
      this.wirelog.add(["CTE", tag ?? null]);
      fn();
    });
  }

  killAfter(seconds: number): void {
    this.wirelog.add(["KL", seconds]);
    this.later(seconds * 1000, () => {
      this.wirelog.add(["KLE"]);
      this.failConnection();
    });
  }

  closeAfter(seconds: number): void {
    this.wirelog.add(["TI", seconds]);
    this.later(seconds * 1000, () => {
      this.wirelog.add(["TIE"]);
      this.sendClose();
    });
  }

  // ---- receiving -----------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.state === "closed") return;
    this.rxOctets += chunk.length;
    let frames: InFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      const e = err as FrameError;
      this.protocolViolation(e.closeCode ?? CLOSE_PROTOCOL_ERROR, e.message);
      return;
    }
    for (const frame of frames) {
      if (this.socket.destroyed || this.droppedByMe) return;
      this.onFrame(frame);
    }
  }

  private protocolViolation(code: number, reason: string): void {
    this.wirelog.add(["PV", code, reason]);
    this.failConnection(code, reason.slice(0, 120));
  }

  private onFrame(f: InFrame): void {
    this.rxFrameStats[f.opcode] = (this.rxFrameStats[f.opcode] ?? 0) + 1;
    if (this.wirelog.recording)
      this.wirelog.add([
        "RF",
        preview(f.payload),
        f.opcode,
        f.fin,
        f.rsv,
        f.masked,
        f.mask?.toString("hex") ?? null,
      ]);
    const got = this.incoming.frame(f);
    switch (got.kind) {
      case "violation":
        this.protocolViolation(got.code, got.reason);
        return;
      case "close":
        this.onCloseFrame(got.code, got.reason);
        return;
      case "ping":
        if (this.state !== "open") return;
        // Answer first: recording the ping may end the case with a close.
        this.sendFrame({ opcode: 10, payload: got.payload });
        this.handler?.onPing(got.payload);
        return;
      case "pong":
        if (this.state === "open") this.handler?.onPong(got.payload);
        return;
      case "message":
        // Messages still count while our close is in flight (Autobahn records
        // them too); only pings and pongs are ignored once closing.
        this.handler?.onMessage(got.payload, got.binary);
        return;
      case "fragment":
        return;
    }
  }

  private onCloseFrame(code: number | null, reason: string | null): void {
    if (code !== null) this.remoteCloseReason = reason;
    this.remoteCloseCode = code;
    if (this.state === "closing") {
      // The peer's reply to our close: the handshake is complete; a server
      // closes TCP first (§7.1.1).
      this.wasClean = true;
      if (this.closeTimer) clearTimeout(this.closeTimer);
      this.dropConnection(false);
    } else if (this.state === "open") {
      // "If an endpoint receives a Close frame and did not previously send a
      // Close frame, the endpoint MUST send a Close frame in response." (§5.5.1)
      this.sendCloseFrame(code, undefined, true);
      this.wasClean = true;
      this.dropConnection(false);
    }
  }

  private onSocketClose(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const wasOpen = this.state !== "closed";
    this.state = "closed";
    if (!this.wasClean && this.wasNotCleanReason === null) {
      this.wasNotCleanReason = this.droppedByMe
        ? "I dropped the WebSocket TCP connection"
        : "peer dropped the TCP connection without previous WebSocket closing handshake";
    }
    if (wasOpen) this.handler?.onConnectionLost();
  }
}
