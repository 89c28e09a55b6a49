/** Receives trace lines (default: `console.error`). */
export type TraceHandler = (line: string) => void;

let globalTrace: TraceHandler | null = null;

/**
 * Turns tracing on or off for every connection (Python: `enableTrace`).
 * Traced: the request and response headers, and every frame sent and
 * received. `Authorization`, `Proxy-Authorization`, `Cookie` and
 * `Set-Cookie` values are redacted.
 */
export function enableTrace(enabled: boolean, handler?: TraceHandler): void {
  globalTrace = enabled ? (handler ?? ((line) => console.error(line))) : null;
}

/** The handler in effect for a connection: its own option, else the global one. */
export function traceHandler(option: boolean | TraceHandler | undefined): TraceHandler | null {
  if (typeof option === "function") return option;
  if (option === true) return globalTrace ?? ((line) => console.error(line));
  if (option === false) return null;
  return globalTrace;
}

const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie)\s*:.*$/gim;

/** Replaces secret header values with `***`. */
export function redactHeaders(text: string): string {
  return text.replace(SECRET_HEADERS, (_line, name: string) => `${name}: ***`);
}

/** Python's `dump(title, message)` block. */
export function traceBlock(trace: TraceHandler, title: string, message: string): void {
  trace(`--- ${title} ---`);
  trace(redactHeaders(message.replace(/(\r\n)+$/, "")).replace(/\r\n/g, "\n"));
  trace("-----------------------");
}

const MAX_TRACE_DATA = 256;

/** Python's `fin=1 opcode=1 data=b'Hello'`, data shown up to 256 bytes. */
export function describeFrame(fin: number, opcode: number, data: Uint8Array): string {
  const shown = data.subarray(0, MAX_TRACE_DATA);
  let text = "";
  for (const byte of shown) {
    if (byte === 0x5c) text += "\\\\";
    else if (byte === 0x27) text += "\\'";
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else if (byte === 0x0a) text += "\\n";
    else if (byte === 0x0d) text += "\\r";
    else if (byte === 0x09) text += "\\t";
    else text += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  const more = data.length > MAX_TRACE_DATA ? `... (${data.length} bytes)` : "";
  return `fin=${fin} opcode=${opcode} data=b'${text}'${more}`;
}
