import { WebSocketException } from "@wsclient/errors";

/** How an input line becomes a message. */
export type InputMode = "text" | "binary" | "hex" | "base64";

/**
 * Turns one line of input into the message to send: text as is (`text`),
 * or bytes: the line's UTF-8 (`binary`, `-b`), hex-decoded (`--hex`, spaces
 * and colons allowed) or base64-decoded (`--base64`).
 *
 * @throws WebSocketException when the hex or base64 is malformed.
 */
export function encodeLine(line: string, mode: InputMode): string | Uint8Array {
  switch (mode) {
    case "text":
      return line;
    case "binary":
      return new TextEncoder().encode(line);
    case "hex":
      return decodeHex(line);
    case "base64":
      return decodeBase64(line);
  }
}

/**
 * Hex to bytes; whitespace, `:` and a leading `0x` are ignored.
 *
 * @throws WebSocketException on an odd number of digits or a non-hex character.
 */
export function decodeHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, "").replace(/[\s:]/g, "");
  if (!/^[0-9a-f]*$/i.test(clean)) {
    throw new WebSocketException(`invalid hex input ${JSON.stringify(text)}`);
  }
  if (clean.length % 2 !== 0) {
    throw new WebSocketException(`invalid hex input ${JSON.stringify(text)}: odd number of digits`);
  }
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

/**
 * Base64 (standard or URL-safe alphabet, padding optional) to bytes.
 *
 * @throws WebSocketException on characters outside the alphabet.
 */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, "").length % 4 === 1) {
    throw new WebSocketException(`invalid base64 input ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(
    Buffer.from(clean, clean.includes("-") || clean.includes("_") ? "base64url" : "base64"),
  );
}
