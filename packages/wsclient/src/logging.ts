import { enableTrace as coreEnableTrace } from "@wsclient/core";

/** A sink for trace and log lines (Python: a `logging.Handler`). */
export type LogHandler = (line: string) => void;

let handler: LogHandler | null = null;

/**
 * Turns tracing on or off for every connection (Python: `enableTrace`):
 * request and response headers and every frame sent and received go to
 * `handler` (default: `console.error`), credentials redacted. Also routes
 * this module's `dump`/`debug`/`trace`/`warning`/`error` to the handler.
 */
export function enableTrace(traceable: boolean, logHandler?: LogHandler): void {
  handler = traceable ? (logHandler ?? ((line) => console.error(line))) : null;
  coreEnableTrace(traceable, handler ?? undefined);
}

/** Python's `dump(title, message)`: a titled block, when tracing is on. */
export function dump(title: string, message: string): void {
  if (!handler) return;
  handler(`--- ${title} ---`);
  handler(message);
  handler("-----------------------");
}

/** Python's `error(msg)`: always logged (to `console.error` unless tracing routes it). */
export function error(msg: string): void {
  (handler ?? ((line: string) => console.error(line)))(msg);
}

/** Python's `warning(msg)`: always logged (to `console.warn` unless tracing routes it). */
export function warning(msg: string): void {
  (handler ?? ((line: string) => console.warn(line)))(msg);
}

/** Python's `debug(msg)`: logged only while tracing is on. */
export function debug(msg: string): void {
  handler?.(msg);
}

/** Python's `trace(msg)`: logged only while tracing is on. */
export function trace(msg: string): void {
  handler?.(msg);
}

/** Python's `isEnabledForError()`: errors are always logged. */
export function isEnabledForError(): boolean {
  return true;
}

/** Python's `isEnabledForDebug()`: true while tracing is on. */
export function isEnabledForDebug(): boolean {
  return handler !== null;
}

/** Python's `isEnabledForTrace()`: true while tracing is on. */
export function isEnabledForTrace(): boolean {
  return handler !== null;
}
