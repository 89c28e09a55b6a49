import { WebSocketException } from "@wsclient/errors";
import { isAbortSignal } from "./check-options.js";
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
    for (const key of Object.keys(options)) {
      if (key !== "status" && key !== "reason" && key !== "timeout") {
        throw new WebSocketException(
          `close(): unknown option "${key}" (it takes { status, reason, timeout })`,
        );
      }
    }
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
  if (timeout !== null && (typeof timeout !== "number" || Number.isNaN(timeout) || timeout < 0)) {
    throw new WebSocketException(
      `close(): timeout must be a number of milliseconds or null, got ${describeType(timeout)}`,
    );
  }
  return { status, reason, timeout };
}

/** `send(payload, opcode)` or `send(payload, { opcode, compress })`. */
export function sendArgs(second: unknown): SendOptions {
  if (second === undefined) return {};
  if (typeof second === "number") return { opcode: second };
  if (typeof second === "object" && second !== null) {
    const options = second as SendOptions;
    for (const key of Object.keys(options)) {
      if (key !== "opcode" && key !== "compress") {
        throw new WebSocketException(
          `send(): unknown option "${key}" (it takes { opcode, compress })`,
        );
      }
    }
    if (options.opcode !== undefined && typeof options.opcode !== "number") {
      throw new WebSocketException(
        `send(): opcode must be a number, got ${describeType(options.opcode)}`,
      );
    }
    if (options.compress !== undefined && typeof options.compress !== "boolean") {
      throw new WebSocketException(
        `send(): compress must be true or false, got ${describeType(options.compress)}`,
      );
    }
    return options;
  }
  throw new WebSocketException(
    `send(payload, opcode) takes an opcode number or { opcode, compress }, got ${describeType(second)}`,
  );
}

/** A receive call's options, checked: `{ signal, timeout }`. */
export function recvArgs(where: string, options: RecvOptions | undefined): RecvOptions | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object") {
    throw new WebSocketException(
      `${where} takes { signal, timeout }, got ${describeType(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (key !== "signal" && key !== "timeout") {
      throw new WebSocketException(
        `${where}: unknown option "${key}" (it takes { signal, timeout })`,
      );
    }
  }
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    throw new WebSocketException(
      `${where}: signal must be an AbortSignal, got ${describeType(options.signal)}`,
    );
  }
  const t = options.timeout;
  if (t !== undefined && t !== null && (typeof t !== "number" || Number.isNaN(t) || t < 0)) {
    throw new WebSocketException(
      `${where}: timeout must be a number of milliseconds or null, got ${describeType(t)}`,
    );
  }
  return options;
}

/** `ping(payload, { waitPong })`: true when the caller waits for the pong. */
export function pingArgs(options: unknown): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== "object") {
    throw new WebSocketException(`ping() takes { waitPong: true }, got ${describeType(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "waitPong") {
      throw new WebSocketException(`ping(): unknown option "${key}" (it takes { waitPong })`);
    }
  }
  const wait = (options as { waitPong?: unknown }).waitPong;
  if (wait !== undefined && typeof wait !== "boolean") {
    throw new WebSocketException(
      `ping(): waitPong must be true or false, got ${describeType(wait)}`,
    );
  }
  return wait === true;
}
