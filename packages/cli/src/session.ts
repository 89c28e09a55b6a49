import { abortableSleep, backoffDelay, Keepalive } from "@wsclient/app";
import { createConnection, type WebSocket } from "@wsclient/core";
import { WebSocketConnectionClosedException } from "@wsclient/errors";
import { parseClosePayload } from "@wsclient/frame";
import { permessageDeflate } from "@wsclient/permessage-deflate";
import { connectOptionsFor } from "./connect-options.js";
import { EXIT, type ExitCode, exitCodeFor } from "./exit-codes.js";
import { redactHeaderLine, redactUrl } from "./headers.js";
import { encodeLine } from "./input.js";
import type { WsdumpOptions } from "./options.js";
import { proxyLine } from "./proxy-url.js";
import { hexDump } from "./py-repr.js";
import { reconnectPolicy } from "./reconnect.js";
import { OPCODE_NAMES, renderMessage } from "./render.js";
import { printError, reconnectsAfter, reportEnd } from "./session-end.js";
import { closePayloadOrEmpty, type End, type FrameLike, fakeFrame } from "./session-frames.js";
import { parseSlashCommand, SLASH_HELP } from "./slash-command.js";
import type { Terminal } from "./terminal.js";

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
  private connectAbort: AbortController | null = null;
  private wake: () => void = () => {};
  /** stdout's reader went away (`| head -1`): stop quietly, exit 0. */
  private outputClosed = false;

  constructor(
    private readonly o: WsdumpOptions,
    private readonly term: Terminal,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs until the session is over; resolves with the exit status. */
  async run(signal?: AbortSignal): Promise<ExitCode> {
    signal?.addEventListener("abort", () => this.stop(), { once: true });
    this.term.onInterrupt(() => this.stop());
    this.term.onOutputClosed(() => {
      this.outputClosed = true;
      this.stop();
    });
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
      const status = reportEnd(end, {
        term: this.term,
        verbose: this.o.verbose,
        stopping: this.stopping,
        outputClosed: this.outputClosed,
      });
      if (this.o.reconnect && !this.stopping && reconnectsAfter(end, status)) {
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
    // Compression follows the library default (on, as the facade); --no-compress turns it off.
    if (this.o.compress) options.extensions = [permessageDeflate()];
    else options.compression = false;
    if (this.o.verbose >= 1) this.term.info(`connecting to ${redactUrl(this.o.url)}`);
    if (this.o.verbose >= 1) this.term.info(proxyLine(this.o.url, options) ?? "proxy: none");
    try {
      const ws = await createConnection(this.o.url, options);
      this.connectAbort = null;
      if (this.o.verbose >= 1) this.printHandshake(ws);
      return ws;
    } catch (error) {
      this.connectAbort = null;
      if (this.stopping) return EXIT.OK;
      printError(this.term, this.o.verbose, error);
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
    const deflate = ws.extensions.find((e) => e.startsWith("permessage-deflate"));
    this.term.info(`compression: ${deflate ?? "(none)"}`);
  }

  private frameLine(dir: "<" | ">", f: FrameLike): void {
    if (this.o.verbose < 1) return;
    const name = OPCODE_NAMES[f.opcode] ?? `opcode ${f.opcode}`;
    this.term.info(
      `${dir} frame ${name} fin=${f.fin} rsv=${f.rsv1}${f.rsv2}${f.rsv3} len=${f.data.length}`,
    );
    if (this.o.verbose >= 2) for (const line of hexDump(f.data)) this.term.info(`  ${line}`);
  }

  private async print(
    opcode: number,
    payload: string | Uint8Array,
    labelled = this.o.verbose >= 1,
  ): Promise<void> {
    const line = renderMessage(opcode, payload, {
      verbose: labelled,
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
        // Core has validated the close frame already; frame's parser reads it.
        const { code, reason } = parseClosePayload(data, { skipUtf8Validation: true });
        if (this.o.verbose >= 1) await this.print(8, data);
        return { kind: "closed", code, reason, byUs: this.closingByUs };
      }
      if (opcode === 9 || opcode === 10) {
        if (opcode === 10) this.pongSeen?.();
        // -v shows every frame; -P (--show-ping-pong) just pings and pongs, labelled.
        if (this.o.verbose >= 1 || this.o.showPingPong) await this.print(opcode, frame.data, true);
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

  /** Keepalive pings with a pong watchdog (app's `Keepalive`); returns the function that stops them. */
  private startKeepalive(ws: WebSocket): () => void {
    const interval = this.o.pingInterval;
    if (interval === undefined || interval <= 0) return () => {};
    const payload = this.o.pingPayload ?? "";
    const keepalive = new Keepalive({
      interval: interval * 1000,
      timeout: this.o.pingTimeout === undefined ? null : this.o.pingTimeout * 1000,
      sendPing: () => {
        this.frameLine(">", fakeFrame(9, encoder.encode(payload)));
        return ws.ping(payload);
      },
      onTimeout: (error) => {
        this.failure = error;
        ws.abort();
        ws.shutdown();
      },
    });
    this.pongSeen = () => keepalive.pong();
    keepalive.start();
    return () => {
      keepalive.stop();
      this.pongSeen = undefined;
    };
  }

  /** Sends our close frame and gives the server `--close-timeout` to answer. */
  private async closeByUs(code: number, reason: string): Promise<void> {
    const ws = this.ws;
    if (!ws || this.closingByUs) return;
    this.closingByUs = true;
    if (this.o.verbose >= 1) this.frameLine(">", fakeFrame(8, closePayloadOrEmpty(code, reason)));
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

  /** Waits before reconnect attempt `attempt`; false when stopped meanwhile. */
  private async backoff(attempt: number): Promise<boolean> {
    const delay = backoffDelay(reconnectPolicy(this.o.reconnectMaxDelay), attempt);
    this.term.info(`reconnecting in ${(delay / 1000).toFixed(1)} s`);
    await abortableSleep(delay, this.stopController.signal);
    return !this.stopping;
  }
}
