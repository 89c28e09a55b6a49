/**
 * Close status codes (RFC 6455 §7.4.1, IANA registry), named as Python
 * websocket-client names them.
 */

/** 1000 indicates a normal closure. */
export const STATUS_NORMAL = 1000;
/** 1001 indicates that an endpoint is "going away". */
export const STATUS_GOING_AWAY = 1001;
/** 1002 indicates that an endpoint is terminating the connection due to a protocol error. */
export const STATUS_PROTOCOL_ERROR = 1002;
/** 1003 indicates that an endpoint received a type of data it cannot accept. */
export const STATUS_UNSUPPORTED_DATA_TYPE = 1003;
/** 1005 means no status code was present. Never sent on the wire. */
export const STATUS_STATUS_NOT_AVAILABLE = 1005;
/** 1006 means the connection closed abnormally. Never sent on the wire. */
export const STATUS_ABNORMAL_CLOSED = 1006;
/** 1007 indicates data within a message that was not consistent with its type (e.g. bad UTF-8). */
export const STATUS_INVALID_PAYLOAD = 1007;
/** 1008 indicates a message that violates the endpoint's policy. */
export const STATUS_POLICY_VIOLATION = 1008;
/** 1009 indicates a message too big to process. */
export const STATUS_MESSAGE_TOO_BIG = 1009;
/** 1010 indicates the client expected the server to negotiate an extension. */
export const STATUS_INVALID_EXTENSION = 1010;
/** 1011 indicates the server met an unexpected condition. */
export const STATUS_UNEXPECTED_CONDITION = 1011;
/** 1012 indicates the service is restarting (IANA). */
export const STATUS_SERVICE_RESTART = 1012;
/** 1013 indicates a temporary condition; try again later (IANA). */
export const STATUS_TRY_AGAIN_LATER = 1013;
/** 1014 indicates a gateway received an invalid response (IANA). */
export const STATUS_BAD_GATEWAY = 1014;
/** 1015 means the TLS handshake failed. Never sent on the wire. */
export const STATUS_TLS_HANDSHAKE_ERROR = 1015;

/**
 * True when `code` may appear in a close frame on the wire.
 *
 * RFC 6455 §7.4.1/§7.4.2 and the IANA registry: 1000-1003 and 1007-1014 are
 * defined; 1004 is reserved; 1005, 1006 and 1015 "MUST NOT be set as a status
 * code in a Close control frame by an endpoint"; 0-999 are "not used";
 * 1016-2999 are reserved for future revisions; "Status codes in the range
 * 3000-4999" are for libraries, frameworks and applications.
 */
export function isValidCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) ||
      (code >= 1007 && code <= 1014) ||
      (code >= 3000 && code <= 4999))
  );
}
