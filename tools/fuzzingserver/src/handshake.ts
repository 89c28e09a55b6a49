import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

// "The value of this header field is constructed by concatenating /key/ [...]
// with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", taking the SHA-1
// hash of this concatenated value to obtain a 20-byte value and base64-
// encoding (see Section 4 of [RFC4648]) this 20-byte hash." (RFC 6455 §4.2.2)
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export function acceptKey(key: string): string {
  return createHash("sha1")
    .update(key + GUID)
    .digest("base64");
}

/** Why an upgrade request is not a valid WebSocket opening handshake, or null. */
export function checkUpgrade(req: IncomingMessage): string | null {
  if (req.method !== "GET") return `method ${req.method} is not GET`;
  if ((req.headers.upgrade ?? "").toLowerCase() !== "websocket") return "Upgrade is not websocket";
  const connection = (req.headers.connection ?? "").toLowerCase().split(/\s*,\s*/);
  if (!connection.includes("upgrade")) return "Connection does not include Upgrade";
  if (req.headers["sec-websocket-version"] !== "13") return "Sec-WebSocket-Version is not 13";
  const key = req.headers["sec-websocket-key"];
  // "a base64-encoded [...] value that, when decoded, is 16 bytes in length" (§4.1)
  if (typeof key !== "string" || Buffer.from(key, "base64").length !== 16) {
    return "Sec-WebSocket-Key is not 16 base64-encoded bytes";
  }
  return null;
}

/** The request as text, for the report. */
export function requestText(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export function responseText(key: string, extensions?: string): string {
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Server: wsclient-fuzzingserver",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    ...(extensions ? [`Sec-WebSocket-Extensions: ${extensions}`] : []),
    "",
    "",
  ].join("\r\n");
}
