import {
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
} from "@wsclient/errors";
import { EXIT, type ExitCode, exitCodeFor, exitCodeForClose } from "./exit-codes.js";
import { inFlagTerms } from "./flag-wording.js";
import type { End } from "./session-frames.js";
import type { Terminal } from "./terminal.js";

/** One error line (library option names given as wsdump flags); the stack only at `-vv`. */
export function printError(term: Terminal, verbose: number, error: unknown): void {
  const message = inFlagTerms(error instanceof Error ? error.message : String(error));
  const detail =
    WebSocketBadStatusException.isInstance(error) && verbose >= 1
      ? ` ${JSON.stringify((error as WebSocketBadStatusException).respBodyText)}`
      : "";
  term.error(`wsdump: error: ${message}${detail}`);
  if (verbose >= 2 && error instanceof Error && error.stack) term.info(error.stack);
}

/** What {@link reportEnd} needs to know about the session. */
export interface EndContext {
  term: Terminal;
  verbose: number;
  /** We were asked to stop (Ctrl+C, end of input, `--count` …). */
  stopping: boolean;
  /** stdout's reader went away (`| head -1`). */
  outputClosed: boolean;
}

/** Prints how the connection ended and returns the exit status it means. */
export function reportEnd(end: End, s: EndContext): ExitCode {
  // Nobody reads our output any more: how it ended is nobody's business (as `yes | head -1`).
  if (s.outputClosed) return EXIT.OK;
  if (end.kind === "error") {
    if (s.stopping && WebSocketConnectionClosedException.isInstance(end.error)) return EXIT.OK;
    printError(s.term, s.verbose, end.error);
    return exitCodeFor(end.error, "open");
  }
  const what =
    end.code === null ? "no close frame" : `${end.code}${end.reason ? ` ${end.reason}` : ""}`;
  if (end.byUs) {
    if (s.verbose >= 1) s.term.info(`closed by us (${what})`);
    return EXIT.OK;
  }
  const status = exitCodeForClose(end.code);
  if (end.code === null || end.code === 1006) {
    s.term.error("wsdump: error: the connection was lost without a close frame (1006)");
  } else if (status !== EXIT.OK) s.term.error(`wsdump: server closed the connection: ${what}`);
  else if (s.verbose >= 1 || s.term.interactive)
    s.term.info(`server closed the connection: ${what}`);
  return status;
}

/** Whether `--reconnect` tries again after this end (not after 1003, 1008, our close or a protocol error). */
export function reconnectsAfter(end: End, status: ExitCode): boolean {
  if (end.kind === "closed")
    return !end.byUs && status !== EXIT.OK && end.code !== 1008 && end.code !== 1003;
  return !WebSocketException.isInstance(end.error) || status !== EXIT.PROTOCOL;
}
