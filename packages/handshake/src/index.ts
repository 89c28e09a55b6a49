/**
 * The WebSocket opening handshake, sans-I/O: build the upgrade request, parse
 * and validate the response, decide redirects. No sockets, no timers.
 *
 * ```ts
 * const req = buildRequest({ hostname: "example.com", port: 80, resource: "/chat", isSecure: false });
 * socket.write(req.bytes);
 * const parser = new ResponseParser();
 * // for each chunk: const res = parser.feed(chunk); if (res) { ... }
 * const negotiated = validateResponse(res, req);
 * frameParser.feed(res.rest);
 * ```
 *
 * @packageDocumentation
 */
export { acceptKey, generateKey, isValidKey } from "./accept-key.js";
export {
  buildRequest,
  type HandshakeRequest,
  type HeaderOption,
  type RequestOptions,
  type RequestTarget,
} from "./build-request.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  DEFAULT_MAX_HEADERS,
  DEFAULT_REDIRECT_LIMIT,
  WEBSOCKET_GUID,
  WEBSOCKET_VERSION,
} from "./constants.js";
export { type ExtensionOffer, formatExtensions, parseExtensions } from "./extensions.js";
export { nextRedirect, type RedirectStep } from "./redirect.js";
export { isRedirect } from "./redirect-status.js";
export type { HandshakeResponse } from "./response.js";
export { ResponseParser, type ResponseParserOptions } from "./response-parser.js";
export { userinfoFromUrl } from "./userinfo.js";
export { type Negotiated, type OfferedHandshake, validateResponse } from "./validate-response.js";
