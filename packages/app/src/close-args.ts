/**
 * The status code and reason carried by a close frame's payload, as
 * `onClose(app, code, reason)` receives them.
 *
 * RFC 6455 §5.5.1:
 * > If there is a body, the first two bytes of the body MUST be a 2-byte
 * > unsigned integer (in network byte order) representing a status code
 * > with value /code/ defined in Section 7.4. Following the 2-byte integer,
 * > the body MAY contain UTF-8-encoded data with value /reason/.
 *
 * A payload shorter than two bytes carries no status: `[null, null]`
 * (Python's `_get_close_args`). A reason that is not valid UTF-8 is decoded
 * with replacement characters rather than thrown on; core has already
 * validated it when validation is on.
 */
export function parseCloseArgs(payload: Uint8Array | undefined): [number | null, string | null] {
  if (payload === undefined || payload.length < 2) return [null, null];
  const code = (payload[0] ?? 0) * 256 + (payload[1] ?? 0);
  const reason = new TextDecoder("utf-8").decode(payload.subarray(2));
  return [code, reason];
}
