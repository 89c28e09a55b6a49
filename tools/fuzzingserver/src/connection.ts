import { isUtf8 } from "node:buffer";
import type { Socket } from "node:net";
import {
  CLOSE_GOING_AWAY,
  CLOSE_INVALID_PAYLOAD,
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_PROTOCOL_ERROR,
  isValidCloseCode,
} from "./close-codes";
import type { PerMessageDeflate } from "./deflate";
import { encodeFrame, type FrameError, FrameReader, type InFrame } from "./frame-codec";
import { preview, WireLog } from "./wirelog";

/** What the connection reports to whoever plays a case on it. */
export interface ConnectionHandler {
  onMessage(payload: Buffer, binary: boolean): void;
  onPing(payload: Buffer): void;
  onPong(payload: Buffer): void;
  onConnectionLost(): void;
}

export interface SendFrameOptions {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  rsv?: number;
  /** Repeat `payload` until the frame payload has this many bytes. */
  payloadLen?: number;
  /** Write the frame's bytes in pieces of this size, each its own write. */
  chopsize?: number;
  /** Write the frame on its own, after what is queued, before what follows. */
  sync?: boolean;
}

export interface ConnectionOptions {
  /** How long to wait for the peer's close frame after sending ours (ms). */
  closeHandshakeTimeout?: number;
  /** Largest message accepted from the peer, in bytes. */
  maxMessageSize?: number;
}

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
  private readonly timers = new Set<NodeJS.Timeout>();
  private closeTimer: NodeJS.Timeout | null = null;
  private queue: { data: Buffer; sync: boolean }[] = [];
  private pumping = false;
  private endAfterFlush = false;
  private msgOpcode = 0;
  private msgParts: Buffer[] = [];
  private msgLength = 0;
  private msgCompressed = false;
  private readonly maxMessage: number;
  private readonly closeHandshakeTimeout: number;

  constructor(
    readonly socket: Socket,
    options: ConnectionOptions = {},
  ) {
    this.maxMessage = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE;
    this.closeHandshakeTimeout = options.closeHandshakeTimeout ?? 1000;
    this.reader = new FrameReader({ maxFramePayload: this.maxMessage });
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
    // "The server MUST close the connection upon receiving a frame that is not masked." (§5.1)
    if (!f.masked) {
      this.protocolViolation(CLOSE_PROTOCOL_ERROR, "unmasked client frame");
      return;
    }
    // "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values" (§5.2)
    const compressed = f.rsv === 4 && this.deflate !== null && (f.opcode === 1 || f.opcode === 2);
    if (f.rsv !== 0 && !compressed) {
      this.protocolViolation(CLOSE_PROTOCOL_ERROR, `RSV = ${f.rsv}`);
      return;
    }
    if ((f.opcode > 2 && f.opcode < 8) || f.opcode > 10) {
      this.protocolViolation(CLOSE_PROTOCOL_ERROR, `reserved opcode ${f.opcode}`);
      return;
    }
    if (f.opcode >= 8) {
      // "All control frames MUST have a payload length of 125 bytes or less
      // and MUST NOT be fragmented." (§5.5)
      if (!f.fin) {
        this.protocolViolation(CLOSE_PROTOCOL_ERROR, "fragmented control frame");
        return;
      }
      if (f.payload.length > 125) {
        this.protocolViolation(CLOSE_PROTOCOL_ERROR, "control frame payload > 125 octets");
        return;
      }
      if (f.opcode === 8) {
        this.onCloseFrame(f.payload);
        return;
      }
      if (this.state !== "open") return;
      if (f.opcode === 9) {
        // Answer first: recording the ping may end the case with a close.
        this.sendFrame({ opcode: 10, payload: f.payload });
        this.handler?.onPing(f.payload);
      } else this.handler?.onPong(f.payload);
      return;
    }
    if (f.opcode === 0 && this.msgOpcode === 0) {
      this.protocolViolation(CLOSE_PROTOCOL_ERROR, "continuation with nothing to continue");
      return;
    }
    if (f.opcode !== 0 && this.msgOpcode !== 0) {
      this.protocolViolation(CLOSE_PROTOCOL_ERROR, "data frame inside a fragmented message");
      return;
    }
    if (f.opcode !== 0) {
      this.msgOpcode = f.opcode;
      this.msgCompressed = compressed;
    }
    this.msgLength += f.payload.length;
    if (this.msgLength > this.maxMessage) {
      this.protocolViolation(CLOSE_MESSAGE_TOO_BIG, "message too big");
      return;
    }
    this.msgParts.push(f.payload);
    if (!f.fin) return;
    let payload =
      this.msgParts.length === 1 ? this.msgParts[0]! : Buffer.concat(this.msgParts, this.msgLength);
    const binary = this.msgOpcode === 2;
    const compressedMessage = this.msgCompressed;
    this.msgOpcode = 0;
    this.msgParts = [];
    this.msgLength = 0;
    this.msgCompressed = false;
    if (compressedMessage && this.deflate) {
      try {
        payload = this.deflate.decompress(payload);
      } catch (err) {
        this.protocolViolation(
          CLOSE_INVALID_PAYLOAD,
          `cannot inflate message: ${(err as Error).message}`,
        );
        return;
      }
    }
    // "When an endpoint is to interpret a byte stream as UTF-8 but finds that
    // the byte stream is not, in fact, a valid UTF-8 stream, that endpoint
    // MUST _Fail the WebSocket Connection_." (§8.1)
    if (!binary && !isUtf8(payload)) {
      this.protocolViolation(CLOSE_INVALID_PAYLOAD, "invalid UTF-8 in text message");
      return;
    }
    // Messages still count while our close is in flight (Autobahn records
    // them too); only pings and pongs are ignored once closing.
    this.handler?.onMessage(payload, binary);
  }

  private onCloseFrame(payload: Buffer): void {
    // "If there is a body, the first two bytes of the body MUST be a 2-byte
    // unsigned integer [...] representing a status code" (§5.5.1)
    if (payload.length === 1) {
      this.protocolViolation(CLOSE_PROTOCOL_ERROR, "close frame with a 1-octet payload");
      return;
    }
    let code: number | null = null;
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      if (!isValidCloseCode(code)) {
        this.protocolViolation(CLOSE_PROTOCOL_ERROR, `invalid close code ${code}`);
        return;
      }
      const reason = payload.subarray(2);
      if (!isUtf8(reason)) {
        this.protocolViolation(CLOSE_INVALID_PAYLOAD, "close reason is not UTF-8");
        return;
      }
      this.remoteCloseReason = reason.length > 0 ? reason.toString("utf8") : null;
    }
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
