import { createHash, randomBytes } from "node:crypto";
import { WEBSOCKET_GUID } from "./constants.js";

/**
 * The `Sec-WebSocket-Accept` value a server must answer to `key`.
 *
 * RFC 6455 §4.2.2: "concatenate this with the Globally Unique Identifier ...
 * A SHA-1 hash (160 bits) [FIPS.180-3], base64-encoded (see Section 4 of
 * [RFC4648]), of this concatenation is then returned".
 */
export function acceptKey(key: string): string {
  return createHash("sha1")
    .update(key + WEBSOCKET_GUID, "latin1")
    .digest("base64");
}

/**
 * A fresh `Sec-WebSocket-Key`.
 *
 * RFC 6455 §4.1: "The request MUST include a header field with the name
 * |Sec-WebSocket-Key|. The value of this header field MUST be a nonce
 * consisting of a randomly selected 16-byte value that has been
 * base64-encoded ... The nonce MUST be selected randomly for each connection."
 */
export function generateKey(): string {
  return randomBytes(16).toString("base64");
}

/** True when `key` is the base64 form of exactly 16 bytes, as RFC 6455 §4.1 requires. */
export function isValidKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{21}[AQgw]==$/.test(key);
}
