import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type CaseResult, toResult } from "./case-result";
import { CaseRun } from "./case-run";
import type { CaseSpec } from "./case-types";
import { CLOSE_NORMAL } from "./close-codes";
import { FuzzConnection } from "./connection";
import {
  agreementHeader,
  type DeflateAgreement,
  PerMessageDeflate,
  parseDeflateOffers,
} from "./deflate";
import { checkUpgrade, requestText, responseText } from "./handshake";
import { patternToRegExp, selectCases } from "./registry";
import { type ReportIndex, type ResultStore, writeReports } from "./report";

export interface FuzzingServerOptions {
  /** Loopback by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where `/updateReports` writes; default `./reports/clients`. */
  outdir?: string;
  /** Case id patterns to play (Autobahn's `cases`), default `["*"]`. */
  cases?: string[];
  /** Case id patterns to leave out (Autobahn's `exclude-cases`). */
  excludeCases?: string[];
  /** Agent pattern → case patterns to skip for that agent (`exclude-agent-cases`). */
  excludeAgentCases?: Record<string, string[]>;
  /** Called with each graded case. */
  onResult?: (result: CaseResult) => void;
}

const MAX_MESSAGE = 64 * 1024 * 1024;

/** The spec file (`fuzzingserver.json`) as Autobahn writes it. */
export interface FuzzingServerSpec {
  url?: string;
  outdir?: string;
  cases?: string[];
  "exclude-cases"?: string[];
  "exclude-agent-cases"?: Record<string, string[]>;
  options?: Record<string, unknown>;
}

/**
 * An Autobahn-compatible fuzzing server in client mode. Clients connect to
 * `/getCaseCount`, then `/runCase?case=N&agent=A` for N = 1..count (echoing
 * every message with its opcode until the server closes), then
 * `/updateReports?agent=A`. `/getCaseInfo?case=N` and
 * `/getCaseStatus?case=N&agent=A` answer with JSON text messages.
 */
export class FuzzingServer {
  readonly cases: CaseSpec[];
  readonly results: ResultStore = new Map();
  readonly outdir: string;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly http: Server,
    private readonly options: FuzzingServerOptions,
  ) {
    this.cases = selectCases(options.cases, options.excludeCases);
    this.outdir = options.outdir ?? "./reports/clients";
  }

  static async start(options: FuzzingServerOptions = {}): Promise<FuzzingServer> {
    const http = createServer((_req, res) => {
      res.writeHead(426, { "content-type": "text/plain" });
      res.end("Autobahn-compatible fuzzing server: connect with a WebSocket client.\n");
    });
    const server = new FuzzingServer(http, options);
    http.on("upgrade", (req, socket, head) => server.onUpgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get url(): string {
    const host = this.options.host ?? "127.0.0.1";
    return `ws://${host.includes(":") ? `[${host}]` : host}:${this.port}`;
  }

  /** Write the reports for every agent seen so far. */
  writeReports(): Promise<ReportIndex> {
    return writeReports(this.results, this.outdir);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    const problem = checkUpgrade(req);
    if (problem) {
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${problem}\n`,
      );
      return;
    }
    const url = new URL(req.url ?? "/", "ws://localhost");
    const agent = url.searchParams.get("agent") ?? "unknown";
    const caseNo = Number(url.searchParams.get("case"));
    const spec = url.pathname === "/runCase" ? this.cases[caseNo - 1] : undefined;
    let agreement: DeflateAgreement | null = null;
    if (spec?.acceptDeflate) {
      try {
        agreement = spec.acceptDeflate(parseDeflateOffers(req.headers["sec-websocket-extensions"]));
      } catch {
        agreement = null; // an offer we cannot parse is declined
      }
    }
    const response = responseText(
      req.headers["sec-websocket-key"] as string,
      agreement ? agreementHeader(agreement) : undefined,
    );
    socket.write(response);
    const conn = new FuzzConnection(socket);
    if (agreement) conn.deflate = new PerMessageDeflate(agreement, MAX_MESSAGE);
    switch (url.pathname) {
      case "/runCase": {
        this.runCase(conn, caseNo, agent, requestText(req), response, head);
        return;
      }
      case "/getCaseCount": {
        this.reply(conn, head, JSON.stringify(this.cases.length));
        return;
      }
      case "/getCaseInfo": {
        const info = this.cases[caseNo - 1];
        this.reply(
          conn,
          head,
          info ? JSON.stringify({ id: info.id, description: info.description }) : undefined,
        );
        return;
      }
      case "/getCaseStatus": {
        const info = this.cases[caseNo - 1];
        const result = info && this.results.get(agent)?.get(info.id);
        this.reply(conn, head, JSON.stringify({ behavior: result?.behavior ?? "UNKNOWN" }));
        return;
      }
      case "/updateReports":
        this.writeReports().then(
          () => this.reply(conn, head),
          (err: Error) =>
            conn.sendClose(1011, `could not write reports: ${err.message}`.slice(0, 120)),
        );
        return;
      default: {
        this.reply(conn, head);
        return;
      }
    }
  }

  /** Answer a utility request: optionally one text message, then close. */
  private reply(conn: FuzzConnection, head: Buffer, text?: string): void {
    conn.handler = { onMessage() {}, onPing() {}, onPong() {}, onConnectionLost() {} };
    conn.feed(head);
    if (text !== undefined) conn.sendFrame({ opcode: 1, payload: text });
    conn.sendClose(CLOSE_NORMAL);
  }

  private excluded(agent: string, id: string): boolean {
    for (const [agentPattern, casePatterns] of Object.entries(
      this.options.excludeAgentCases ?? {},
    )) {
      if (!patternToRegExp(agentPattern).test(agent)) continue;
      if (casePatterns.some((p) => patternToRegExp(p).test(id))) return true;
    }
    return false;
  }

  private runCase(
    conn: FuzzConnection,
    caseNo: number,
    agent: string,
    request: string,
    response: string,
    head: Buffer,
  ): void {
    const spec = this.cases[caseNo - 1];
    if (!spec || this.excluded(agent, spec.id)) {
      this.reply(conn, head);
      return;
    }
    const run = new CaseRun(spec, conn);
    conn.handler = {
      onMessage: (payload, binary) => {
        if (spec.onMessage) spec.onMessage(run, payload, binary);
        else run.record(["message", payload, binary]);
      },
      onPing: (payload) => run.record(["ping", payload]),
      onPong: (payload) => run.record(["pong", payload]),
      onConnectionLost: () => {
        run.grade();
        const result = toResult(run, agent, caseNo, request, response);
        let store = this.results.get(agent);
        if (!store) {
          store = new Map();
          this.results.set(agent, store);
        }
        store.set(spec.id, result);
        this.options.onResult?.(result);
      },
    };
    spec.onOpen(run);
    conn.feed(head);
  }
}
