/**
 * RFC 6455 §1.3: "the server has to take the value ... and concatenate this
 * with the Globally Unique Identifier (GUID, [RFC4122]) "258EAFA5-E914-47DA-
 * 95CA-C5AB0DC85B11" in string form".
 */
export const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** RFC 6455 §4.1: "The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this header field MUST be 13." */
export const WEBSOCKET_VERSION = 13;

/** Default bound on the status line plus header block of a response: 16 KiB. */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

/** Default bound on the number of header lines in a response. */
export const DEFAULT_MAX_HEADERS = 100;

/** Default bound on the body kept from a non-101 response: 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Default number of redirects followed (Python: `redirect_limit=3`). */
export const DEFAULT_REDIRECT_LIMIT = 3;
