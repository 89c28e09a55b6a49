import { createConnection, type WebSocket } from "@wsclient/core";
import {
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { backoffDelay } from "./backoff.js";
import { Compression } from "./compression.js";
import { connectOptionsFor } from "./connect-options.js";
import { EXIT, type ExitCode, exitCodeFor, exitCodeForClose } from "./exit-codes.js";
import { redactHeaderLine, redactUrl } from "./headers.js";
import { encodeLine } from "./input.js";
import type { WsdumpOptions } from "./options.js";
import { hexDump } from "./py-repr.js";
import { OPCODE_NAMES, renderMessage } from "./render.js";
import { parseSlashCommand, SLASH_HELP } from "./slash-command.js";
import type { Terminal } from "./terminal.js";

/** How one connection ended. */
type End =
  | { kind: "closed"; code: number | null; reason: string; byUs: boolean }
  | { kind: "error"; error: unknown };

interface FrameLike {
  fin: number;
  rsv1: number;
  rsv2: number;
  rsv3: number;
  opcode: number;
  data: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * One wsdump run: connect (and reconnect when asked), pump input lines to
 * the server and received messages to the terminal, close cleanly at the
 * end of input, and work out the exit status.
 */
export class Session {
  private ws: WebSocket | null = null;
  private readonly start = performance.now();
  private received = 0;
  private closingByUs = false;
  private closeTimer: NodeJS.Timeout | undefined;
  private failure: unknown = undefined;
  private stopping = false;
  private readonly stopController = new AbortController();
  private readonly compression = new Compression();
  private connectAbort: AbortController | null = null;
  private wake: () => void = () => {};

  constructor(
    private readonly o: WsdumpOptions,
    private readonly term: Terminal,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs until the session is over; resolves with the exit status. */
  async run(signal?: AbortSignal): Promise<ExitCode> {
    signal?.addEventListener("abort", () => this.stop(), { once: true });
    this.term.onInterrupt(() => this.stop());
    if (this.term.interactive) this.term.info("Press Ctrl+C to quit");
    let inputDone: Promise<void> | undefined;
    let attempt = 0;
    for (;;) {
      const connected = await this.connect();
      if (typeof connected === "number") {
        // Connect failed: retry only what a retry can fix.
        if (
          this.o.reconnect &&
          !this.stopping &&
          connected !== EXIT.HANDSHAKE &&
          connected !== EXIT.USAGE
        ) {
          if (!(await this.backoff(attempt++))) return EXIT.OK;
          continue;
        }
        return this.stopping ? EXIT.OK : connected;
      }
      attempt = 0;
      this.ws = connected;
      this.closingByUs = false;
      this.failure = undefined;
      if (this.o.text !== undefined && inputDone === undefined)
        await this.send(this.o.text, "text");
      inputDone ??= this.pumpInput();
      const keepalive = this.startKeepalive(connected);
      if (this.stopping) void this.closeByUs(1000, "");
      const end = await this.receive(connected);
      keepalive();
      clearTimeout(this.closeTimer);
      this.ws = null;
      await connected.close({ timeout: 500 }).catch(() => {});
      connected.shutdown();
      const status = this.report(end);
      if (this.shouldReconnect(end, status)) {
        if (!(await this.backoff(attempt++))) return EXIT.OK;
        continue;
      }
      this.term.close();
      return status;
    }
  }

  /** Ctrl+C, SIGINT, `/quit`: close with 1000 (a second time: drop the connection). */
  stop(): void {
    if (this.stopping) {
      this.ws?.shutdown();
      return;
    }
    this.stopping = true;
    this.stopController.abort();
    this.connectAbort?.abort();
    this.wake();
    if (this.ws) void this.closeByUs(1000, "");
  }

  private elapsed(): string {
    return ((performance.now() - this.start) / 1000).toFixed(6);
  }

  private async connect(): Promise<WebSocket | ExitCode> {
    // A signal of its own: aborting it only matters while connecting.
    this.connectAbort = new AbortController();
    const options = connectOptionsFor(this.o, this.env, this.connectAbort.signal);
    if (this.o.verbose >= 1) options.trace = this.traceHandler();
    // Compression follows the library default (on); --no-compress turns it off.
    if (this.o.compress) options.extensions = [this.compression.extension()];
    else options.compression = false;
    if (this.o.verbose >= 1) this.term.info(`connecting to ${redactUrl(this.o.url)}`);
    try {
      const ws = await createConnection(this.o.url, options);
      this.connectAbort = null;
      if (this.o.verbose >= 1) this.printHandshake(ws);
      return ws;
    } catch (error) {
      this.connectAbort = null;
      if (this.stopping) return EXIT.OK;
      this.printError(error);
      return exitCodeFor(error, "connect");
    }
  }

  /**
   * Core's trace: the request and response header blocks at `-v` (our own
   * frame lines replace its `++Sent`/`++Rcv` lines), everything at `-vv`.
   * Credentials are redacted (core does it too; this is belt and braces).
   */
  private traceHandler(): (line: string) => void {
    return (line) => {
      if (this.o.verbose < 2 && line.startsWith("++")) return;
      this.term.info(line.split("\n").map(redactHeaderLine).join("\n"));
    };
  }

  private printHandshake(ws: WebSocket): void {
    this.term.info(`subprotocol: ${ws.subprotocol ?? "(none)"}`);
    this.term.info(`extensions: ${ws.headers?.["sec-websocket-extensions"] ?? "(none)"}`);
    this.term.info(`compression: ${this.compression.session?.description ?? "(none)"}`);
  }

  private printError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const detail =
      WebSocketBadStatusException.isInstance(error) && this.o.verbose >= 1
        ? ` ${JSON.stringify(new TextDecoder().decode((error as WebSocketBadStatusException).respBody ?? new Uint8Array()))}`
        : "";
    this.term.error(`wsdump: error: ${message}${detail}`);
    if (this.o.verbose >= 2 && error instanceof Error && error.stack) this.term.info(error.stack);
  }

  private frameLine(dir: "<" | ">", f: FrameLike): void {
    if (this.o.verbose < 1) return;
    const name = OPCODE_NAMES[f.opcode] ?? `opcode ${f.opcode}`;
    this.term.info(
      `${dir} frame ${name} fin=${f.fin} rsv=${f.rsv1}${f.rsv2}${f.rsv3} len=${f.data.length}`,
    );
    if (this.o.verbose >= 2) for (const line of hexDump(f.data)) this.term.info(`  ${line}`);
  }

  private async print(opcode: number, payload: string | Uint8Array): Promise<void> {
    const line = renderMessage(opcode, payload, {
      verbose: this.o.verbose >= 1,
      format: this.o.binaryFormat,
    });
    await this.term.message(this.o.timings ? `${this.elapsed()}: ${line}` : line);
  }

  /** The receive loop of one connection. */
  private async receive(ws: WebSocket): Promise<End> {
    this.fragments = undefined;
    for (;;) {
      let opcode: number;
      let frame: FrameLike;
      try {
        // recvFrame: every frame as the peer sent it (fragments one by one,
        // for -v), after core assembled and validated the whole message.
        frame = (await ws.recvFrame()) as unknown as FrameLike;
        opcode = frame.opcode;
      } catch (error) {
        if (this.failure !== undefined) return { kind: "error", error: this.failure };
        if (WebSocketConnectionClosedException.isInstance(error)) {
          const e = error as WebSocketConnectionClosedException;
          if (e.closeCode !== undefined) {
            return {
              kind: "closed",
              code: e.closeCode,
              reason: e.closeReason ?? "",
              byUs: this.closingByUs,
            };
          }
          if (this.closingByUs) return { kind: "closed", code: null, reason: "", byUs: true };
        }
        return { kind: "error", error };
      }
      this.frameLine("<", frame);
      if (opcode === 8) {
        const data = frame.data;
        const code = data.length >= 2 ? (data[0]! << 8) | data[1]! : 1005;
        const reason = new TextDecoder().decode(data.subarray(2));
        if (this.o.verbose >= 1) await this.print(8, data);
        return { kind: "closed", code, reason, byUs: this.closingByUs };
      }
      if (opcode === 9 || opcode === 10) {
        if (opcode === 10) this.pongSeen?.();
        if (this.o.verbose >= 1) await this.print(opcode, frame.data);
        continue;
      }
      if (opcode !== 0) this.fragments = { opcode, parts: [] };
      const message = this.fragments;
      if (!message) continue;
      message.parts.push(frame.data);
      if (frame.fin !== 1) continue;
      this.fragments = undefined;
      const data = message.parts.length === 1 ? message.parts[0]! : Buffer.concat(message.parts);
      await this.print(
        message.opcode,
        message.opcode === 1 ? new TextDecoder().decode(data) : data,
      );
      this.received += 1;
      if (this.o.count !== undefined && this.received >= this.o.count && !this.closingByUs) {
        void this.closeByUs(1000, "");
      }
    }
  }

  private pongSeen: (() => void) | undefined;
  /** The message whose fragments are being received. */
  private fragments: { opcode: number; parts: Uint8Array[] } | undefined;

  /** Keepalive pings; returns the function that stops them. */
  private startKeepalive(ws: WebSocket): () => void {
    const interval = this.o.pingInterval;
    if (interval === undefined || interval <= 0) return () => {};
    const payload = this.o.pingPayload ?? "";
    let watchdog: NodeJS.Timeout | undefined;
    this.pongSeen = () => {
      clearTimeout(watchdog);
      watchdog = undefined;
    };
    const timer = setInterval(() => {
      ws.ping(payload).catch(() => {});
      if (this.o.pingInterval !== undefined)
        this.frameLine(">", fakeFrame(9, encoder.encode(payload)));
      if (this.o.pingTimeout !== undefined && watchdog === undefined) {
        watchdog = setTimeout(() => {
          this.failure = new WebSocketTimeoutException("ping/pong timed out");
          ws.abort();
          ws.shutdown();
        }, this.o.pingTimeout * 1000);
      }
    }, interval * 1000);
    return () => {
      clearInterval(timer);
      clearTimeout(watchdog);
      this.pongSeen = undefined;
    };
  }

  /** Sends our close frame and gives the server `--close-timeout` to answer. */
  private async closeByUs(code: number, reason: string): Promise<void> {
    const ws = this.ws;
    if (!ws || this.closingByUs) return;
    this.closingByUs = true;
    if (this.o.verbose >= 1) this.frameLine(">", fakeFrame(8, closePayload(code, reason)));
    this.closeTimer = setTimeout(() => {
      this.term.error(
        `wsdump: the server did not answer the close within ${this.o.closeTimeout} s`,
      );
      ws.abort();
      ws.shutdown();
    }, this.o.closeTimeout * 1000);
    try {
      await ws.sendClose(code, reason);
    } catch {
      ws.shutdown();
    }
  }

  /** Reads input lines and sends them; at end of input (pipe mode) waits `--eof-wait` and closes. */
  private async pumpInput(): Promise<void> {
    try {
      for await (const line of this.term.lines()) {
        if (this.stopping) break;
        await this.handleLine(line);
      }
    } catch (error) {
      this.term.error(`wsdump: error: reading input: ${(error as Error).message}`);
    }
    if (this.stopping) return;
    if (!this.term.interactive && this.o.eofWait > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.eofWait * 1000);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    this.stopping = true;
    if (this.ws) await this.closeByUs(1000, "");
  }

  private async handleLine(line: string): Promise<void> {
    if (!this.term.interactive && !this.o.slash) {
      await this.sendInput(line);
      return;
    }
    try {
      const cmd = parseSlashCommand(line);
      const ws = this.ws;
      switch (cmd.kind) {
        case "send":
          await this.sendInput(cmd.text);
          return;
        case "help":
          for (const l of SLASH_HELP) this.term.info(l);
          return;
        case "quit":
          this.stop();
          return;
        case "binary":
          await this.send(cmd.data, "binary");
          return;
        case "close":
          await this.closeByUs(cmd.code, cmd.reason);
          return;
        case "ping":
        case "pong":
          if (!ws) throw new WebSocketConnectionClosedException("not connected");
          await (cmd.kind === "ping" ? ws.ping(cmd.data) : ws.pong(cmd.data));
          this.frameLine(">", fakeFrame(cmd.kind === "ping" ? 9 : 10, encoder.encode(cmd.data)));
          return;
      }
    } catch (error) {
      this.term.error(`wsdump: ${(error as Error).message}`);
    }
  }

  private async sendInput(line: string): Promise<void> {
    let payload: string | Uint8Array;
    try {
      payload = encodeLine(line, this.o.inputMode);
    } catch (error) {
      this.term.error(`wsdump: ${(error as Error).message}`);
      return;
    }
    await this.send(payload, typeof payload === "string" ? "text" : "binary");
  }

  private async send(payload: string | Uint8Array, kind: "text" | "binary"): Promise<void> {
    const ws = this.ws;
    if (!ws || this.closingByUs) {
      this.term.error("wsdump: not connected; input dropped");
      return;
    }
    try {
      if (kind === "text") await ws.sendText(payload as string);
      else await ws.sendBinary(payload as Uint8Array);
      if (this.o.verbose >= 1) {
        const data = typeof payload === "string" ? encoder.encode(payload) : payload;
        this.frameLine(">", fakeFrame(kind === "text" ? 1 : 2, data));
      }
    } catch (error) {
      if (!WebSocketConnectionClosedException.isInstance(error)) {
        this.term.error(`wsdump: send failed: ${(error as Error).message}`);
      }
    }
  }

  /** Prints how the connection ended and returns the exit status it means. */
  private report(end: End): ExitCode {
    if (end.kind === "error") {
      if (this.stopping && WebSocketConnectionClosedException.isInstance(end.error)) return EXIT.OK;
      this.printError(end.error);
      return exitCodeFor(end.error, "open");
    }
    const what =
      end.code === null ? "no close frame" : `${end.code}${end.reason ? ` ${end.reason}` : ""}`;
    if (end.byUs) {
      if (this.o.verbose >= 1) this.term.info(`closed by us (${what})`);
      return EXIT.OK;
    }
    const status = exitCodeForClose(end.code);
    if (end.code === null || end.code === 1006) {
      this.term.error("wsdump: error: the connection was lost without a close frame (1006)");
    } else if (status !== EXIT.OK) this.term.error(`wsdump: server closed the connection: ${what}`);
    else if (this.o.verbose >= 1 || this.term.interactive)
      this.term.info(`server closed the connection: ${what}`);
    return status;
  }

  private shouldReconnect(end: End, status: ExitCode): boolean {
    if (!this.o.reconnect || this.stopping) return false;
    if (end.kind === "closed")
      return !end.byUs && status !== EXIT.OK && end.code !== 1008 && end.code !== 1003;
    return !WebSocketException.isInstance(end.error) || status !== EXIT.PROTOCOL;
  }

  /** Waits before reconnect attempt `attempt`; false when stopped meanwhile. */
  private async backoff(attempt: number): Promise<boolean> {
    const delay = backoffDelay(attempt, {
      minDelay: 500,
      maxDelay: this.o.reconnectMaxDelay * 1000,
      floor: 100,
    });
    this.term.info(`reconnecting in ${(delay / 1000).toFixed(1)} s`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, delay);
      this.stopController.signal.addEventListener(
        "abort",
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
    return !this.stopping;
  }
}

function fakeFrame(opcode: number, data: Uint8Array): FrameLike {
  return { fin: 1, rsv1: 0, rsv2: 0, rsv3: 0, opcode, data };
}

function closePayload(code: number, reason: string): Uint8Array {
  const r = encoder.encode(reason);
  const out = new Uint8Array(2 + r.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(r, 2);
  return out;
}
