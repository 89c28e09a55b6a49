/** Close status codes the server uses by name (RFC 6455 §7.4.1). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_INVALID_PAYLOAD = 1007;
export const CLOSE_MESSAGE_TOO_BIG = 1009;

const ALLOWED_BELOW_3000 = new Set([
  1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013,
]);

/**
 * Whether a peer may send `code` in a close frame: the codes defined for use
 * below 3000 (1004-1006 and 1015 "MUST NOT be set as a status code in a Close
 * control frame by an endpoint", RFC 6455 §7.4.1), and 3000-4999 (§7.4.2).
 */
export function isValidCloseCode(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  return ALLOWED_BELOW_3000.has(code);
}
