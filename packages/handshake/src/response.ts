/** A parsed handshake response. */
export interface HandshakeResponse {
  /** The status code, e.g. 101. */
  status: number;
  /** The reason phrase, e.g. `Switching Protocols` (may be empty). */
  statusMessage: string;
  /** The HTTP version of the status line, e.g. `1.1`. */
  httpVersion: string;
  /**
   * Header values by lower-case name; a repeated header's values are joined
   * with `", "`. No prototype: any header name is safe as a key.
   */
  headers: Record<string, string>;
  /** Every header line as received: `[name as sent, value]`, in order. */
  rawHeaders: Array<[string, string]>;
  /** The body of a non-101 response, as much as was read (bounded); empty for 101. */
  body: Uint8Array;
  /** `true` when the body was cut at `maxBodyBytes` or by the end of the stream. */
  bodyTruncated: boolean;
  /**
   * The bytes that followed the header block (101) or the body: for a 101,
   * the first bytes of the WebSocket stream — hand them to the frame parser.
   */
  rest: Uint8Array;
}
