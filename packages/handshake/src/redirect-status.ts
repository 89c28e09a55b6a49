/** The statuses Python websocket-client follows as redirects. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** True for 301, 302, 303, 307 and 308: the handshake should go to `Location` instead. */
export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status);
}
