import { WebSocketException } from "@wsclient/errors";
import { type CallOptions, checkCallOptions } from "./check-options.js";
import type { CloseOptions, RecvOptions, SendOptions } from "./options.js";
import { checkStatus, describeType } from "./payload.js";

/**
 * `close()`'s arguments: Python's `close({ status, reason, timeout })`, or
 * the `ws`/browser habit `close(code, reason)`. Anything else is an error
 * that says what to write.
 */
export function closeArgs(
  first: unknown,
  second: unknown,
): Required<CloseOptions> & {
  timeout: number | null;
} {
  let options: CloseOptions;
  if (typeof first === "number") {
    if (second !== undefined && typeof second !== "string" && !(second instanceof Uint8Array)) {
      throw new WebSocketException(
        `close(code, reason): reason must be a string or Uint8Array, got ${describeType(second)}`,
      );
    }
    options = { status: first, reason: second as string | Uint8Array | undefined };
  } else if (first === undefined || (typeof first === "object" && first !== null)) {
    if (second !== undefined) {
      throw new WebSocketException(
        "close() takes close({ status, reason, timeout }) or close(code, reason)",
      );
    }
    options = (first ?? {}) as CloseOptions;
    checkCallOptions("close()", options, CLOSE_OPTIONS);
  } else {
    throw new WebSocketException(
      `close() takes close({ status, reason, timeout }) or close(code, reason), got ${describeType(first)}`,
    );
  }
  const { status = 1000, reason = "", timeout = 3000 } = options;
  checkStatus(status);
  if (typeof reason !== "string" && !(reason instanceof Uint8Array)) {
    throw new WebSocketException(
      `close(): reason must be a string or Uint8Array, got ${describeType(reason)}`,
    );
  }
  return { status, reason, timeout };
}

/** `close({ … })`: status and reason are checked as in the `close(code, reason)` form. */
const CLOSE_OPTIONS: CallOptions = { status: null, reason: null, timeout: "wait" };
const SEND_OPTIONS: CallOptions = { opcode: "opcode", compress: "boolean" };
const RECV_OPTIONS: CallOptions = { signal: "signal", timeout: "wait" };
const PING_OPTIONS: CallOptions = { waitPong: "boolean" };

/** `send(payload, opcode)` or `send(payload, { opcode, compress })`. */
export function sendArgs(second: unknown): SendOptions {
  if (second === undefined) return {};
  if (typeof second === "number") return { opcode: second };
  if (typeof second === "object" && second !== null) {
    checkCallOptions("send()", second, SEND_OPTIONS);
    return second as SendOptions;
  }
  throw new WebSocketException(
    `send(payload, opcode) takes an opcode number or { opcode, compress }, got ${describeType(second)}`,
  );
}

/** A receive call's options, checked: `{ signal, timeout }`. */
export function recvArgs(where: string, options: RecvOptions | undefined): RecvOptions | undefined {
  if (options === null || (options !== undefined && typeof options !== "object")) {
    throw new WebSocketException(
      `${where} takes { signal, timeout }, got ${describeType(options)}`,
    );
  }
  checkCallOptions(where, options, RECV_OPTIONS);
  return options;
}

/** `ping(payload, { waitPong })`: true when the caller waits for the pong. */
export function pingArgs(options: unknown): boolean {
  if (options === null || (options !== undefined && typeof options !== "object")) {
    throw new WebSocketException(`ping() takes { waitPong: true }, got ${describeType(options)}`);
  }
  checkCallOptions("ping()", options, PING_OPTIONS);
  return (options as { waitPong?: boolean } | undefined)?.waitPong === true;
}
