import { WebSocketException, WebSocketProtocolException } from "@wsclient/errors";

/** Shared UTF-8 encoder for string payloads. */
export const encoder = new TextEncoder();

/** The empty payload. */
export const EMPTY = new Uint8Array(0);

/**
 * A payload as bytes: strings UTF-8 encoded (unless `strings` is false),
 * `Uint8Array`s (Buffers) as they are, other `ArrayBuffer`s and views wrapped.
 * Anything else is a `WebSocketException` naming what was wrong.
 */
export function toBytes(payload: unknown, what: string, strings = true): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (strings && typeof payload === "string") return encoder.encode(payload);
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) {
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  throw new WebSocketException(
    `${what} must be ${strings ? "a string or " : ""}a Uint8Array, got ${describeType(payload)}`,
  );
}

/** A value's type for error messages: `null`, a class name, or `typeof`. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

/** Throws unless `status` fits a close frame's 2-byte code. */
export function checkStatus(status: number): void {
  if (!Number.isInteger(status) || status < 0 || status >= 65536) {
    throw new WebSocketProtocolException(`Invalid close status code ${status}: not in 0-65535`);
  }
}

/** `n` random bytes (the payload of a ping whose pong is awaited). */
export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
