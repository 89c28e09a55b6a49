import { WebSocketBadStatusException, WebSocketProtocolException } from "@wsclient/errors";
import { acceptKey } from "./accept-key.js";
import { type ExtensionOffer, parseExtensions } from "./extensions.js";
import { listHasToken, splitList } from "./http-syntax.js";
import type { HandshakeResponse } from "./response.js";

/** What the request offered; a {@link HandshakeRequest} fits. */
export interface OfferedHandshake {
  /** The `Sec-WebSocket-Key` sent. */
  key: string;
  /** The subprotocols offered. */
  subprotocols?: readonly string[] | undefined;
  /** The `Sec-WebSocket-Extensions` offer sent. */
  extensions?: string | undefined;
}

/** The outcome of a successful opening handshake. */
export interface Negotiated {
  /** The subprotocol the server chose, or `null`. */
  subprotocol: string | null;
  /** The extensions the server accepted, in its order, with their parameters. */
  extensions: ExtensionOffer[];
  /** The response headers (lower-case names). */
  headers: Record<string, string>;
}

/**
 * Check the server's handshake response against the request (RFC 6455 §4.1,
 * "the client MUST validate the server's response as follows").
 *
 * @throws WebSocketBadStatusException for any status but 101 (redirects
 *   included: check {@link isRedirect} first), with `statusCode`,
 *   `statusMessage`, `respHeaders` and `respBody`.
 * @throws WebSocketProtocolException naming the header that is missing or wrong.
 */
export function validateResponse(
  response: HandshakeResponse,
  request: OfferedHandshake,
): Negotiated {
  // "1. If the status code received from the server is not 101, the client
  // handles the response per HTTP [RFC2616] procedures."
  if (response.status !== 101) throw badStatus(response);
  // A 101 opens the connection only in HTTP/1.1 or later. RFC 6455 §4.1:
  // "The method of the request MUST be GET, and the HTTP version MUST be at
  // least 1.1." RFC 9110 §15.2: "Since HTTP/1.0 did not define any 1xx
  // status codes, a server MUST NOT send a 1xx response to an HTTP/1.0
  // client." An HTTP/1.0 101 is not the answer to our request.
  if (!atLeastHttp11(response.httpVersion)) {
    throw invalid(
      `HTTP/${response.httpVersion} 101: a WebSocket connection needs an HTTP/1.1 (or later) answer`,
    );
  }
  const h = response.headers;

  // "2. If the response lacks an |Upgrade| header field or the |Upgrade|
  // header field contains a value that is not an ASCII case-insensitive match
  // for the value "websocket", the client MUST _Fail the WebSocket Connection_."
  if (!listHasToken(h.upgrade, "websocket")) {
    throw invalid(
      h.upgrade === undefined
        ? "the Upgrade header is missing"
        : `the Upgrade header is ${JSON.stringify(h.upgrade)}, not "websocket"`,
    );
  }
  // "3. If the response lacks a |Connection| header field or the |Connection|
  // header field doesn't contain a token that is an ASCII case-insensitive
  // match for the value "Upgrade", the client MUST _Fail the WebSocket Connection_."
  if (!listHasToken(h.connection, "upgrade")) {
    throw invalid(
      h.connection === undefined
        ? "the Connection header is missing"
        : `the Connection header ${JSON.stringify(h.connection)} has no "Upgrade" token`,
    );
  }
  // "4. If the response lacks a |Sec-WebSocket-Accept| header field or the
  // |Sec-WebSocket-Accept| contains a value other than the base64-encoded
  // SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string, not
  // base64-decoded) with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" but
  // ignoring any leading and trailing whitespace, the client MUST _Fail the
  // WebSocket Connection_."
  const accept = h["sec-websocket-accept"];
  const expected = acceptKey(request.key);
  if (accept === undefined) throw invalid("the Sec-WebSocket-Accept header is missing");
  if (accept !== expected) {
    throw invalid(
      `Sec-WebSocket-Accept is ${JSON.stringify(accept)}, expected ${JSON.stringify(expected)}`,
    );
  }

  // "5. If the response includes a |Sec-WebSocket-Extensions| header field and
  // this header field indicates the use of an extension that was not present
  // in the client's handshake (the server has indicated an extension not
  // requested by the client), the client MUST _Fail the WebSocket Connection_."
  const extensions = negotiateExtensions(h["sec-websocket-extensions"], request.extensions);

  // "6. If the response includes a |Sec-WebSocket-Protocol| header field and
  // this header field indicates the use of a subprotocol that was not present
  // in the client's handshake (the server has indicated a subprotocol not
  // requested by the client), the client MUST _Fail the WebSocket Connection_."
  const subprotocol = negotiateSubprotocol(h["sec-websocket-protocol"], request.subprotocols ?? []);

  return { subprotocol, extensions, headers: h };
}

function atLeastHttp11(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 1 || (major === 1 && minor >= 1);
}

function negotiateSubprotocol(
  value: string | undefined,
  offered: readonly string[],
): string | null {
  if (value === undefined) return null;
  const chosen = splitList(value);
  if (chosen.length === 0) return null;
  if (chosen.length > 1) {
    throw invalid(
      `Sec-WebSocket-Protocol ${JSON.stringify(value)} names more than one subprotocol`,
    );
  }
  const [protocol] = chosen as [string];
  if (offered.length === 0) {
    throw invalid(`the server chose subprotocol ${JSON.stringify(protocol)} but none was offered`);
  }
  if (!offered.includes(protocol)) {
    throw invalid(
      `the server chose subprotocol ${JSON.stringify(protocol)}, which was not offered (offered: ${offered.join(", ")})`,
    );
  }
  return protocol;
}

function negotiateExtensions(
  value: string | undefined,
  offer: string | undefined,
): ExtensionOffer[] {
  if (value === undefined) return [];
  let accepted: ExtensionOffer[];
  try {
    accepted = parseExtensions(value);
  } catch (cause) {
    throw invalid(cause instanceof Error ? cause.message : String(cause), cause);
  }
  const offered = new Set(offer === undefined ? [] : parseExtensions(offer).map((e) => e.name));
  const seen = new Set<string>();
  for (const ext of accepted) {
    if (!offered.has(ext.name)) {
      throw invalid(
        `the server accepted extension ${JSON.stringify(ext.name)}, which was not offered${offered.size === 0 ? " (none was)" : ""}`,
      );
    }
    if (seen.has(ext.name)) {
      throw invalid(`the server accepted extension ${JSON.stringify(ext.name)} twice`);
    }
    seen.add(ext.name);
  }
  return accepted;
}

function invalid(what: string, cause?: unknown): WebSocketProtocolException {
  return new WebSocketProtocolException(
    `Invalid WebSocket handshake response: ${what}`,
    cause === undefined ? {} : { cause },
  );
}

const BODY_PREVIEW = 200;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The body for the message: its text (the first 200 characters, quoted) when
 * it is UTF-8 text, else how many bytes of binary it holds.
 */
function bodyPreview(body: Uint8Array): string {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return `<${body.length} bytes, not UTF-8 text>`;
  }
  // Binary that happens to decode (NULs, other C0 controls but \t \n \r) is not text either.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) {
    return `<${body.length} bytes, not text>`;
  }
  const chars = Array.from(text);
  const more = chars.length > BODY_PREVIEW ? "…" : "";
  return `${JSON.stringify(chars.slice(0, BODY_PREVIEW).join(""))}${more}`;
}

/**
 * Python's message shape: `Handshake status 404 Not Found -+-+- {headers} -+-+- body`,
 * the body as text when it is text.
 */
function badStatus(r: HandshakeResponse): WebSocketBadStatusException {
  const message =
    `Handshake status ${r.status} ${r.statusMessage}`.trimEnd() +
    ` -+-+- ${JSON.stringify({ ...r.headers })} -+-+- ${bodyPreview(r.body)}`;
  return new WebSocketBadStatusException(message, {
    statusCode: r.status,
    statusMessage: r.statusMessage,
    respHeaders: r.headers,
    respBody: r.body,
  });
}
