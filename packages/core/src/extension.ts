/**
 * The one interface a WebSocket extension (RFC 6455 §9) plugs into — e.g.
 * `@wsclient/permessage-deflate`. Core never imports an extension; the
 * caller (or the facade) passes them in `new WebSocket({ extensions: [...] })`.
 *
 * Two levels, so one configured extension serves every connection
 * (`runForever` reconnects, `connect` iteration):
 *
 * 1. {@link Extension} — configured once. `offer()` is put into the
 *    request's `Sec-WebSocket-Extensions` (offers of several extensions are
 *    joined with ", "; one extension may return several comma-separated
 *    offers in preference order). When the server's response names the
 *    extension, `accept(params)` validates the answer (RFC 7692 §7.1 for
 *    permessage-deflate) and returns the per-connection
 *    {@link ExtensionSession}; throw a `WebSocketException` naming the
 *    parameter to refuse (the handshake then fails; the connection is not
 *    opened). An extension the server did not name is not used.
 * 2. {@link ExtensionSession} — one connection's state (e.g. zlib streams).
 *    Messages go through it at the message level, in order:
 *    - received: a message whose first frame had RSV1 set is passed to
 *      `decode()` (only when the session claims RSV1); text is UTF-8
 *      validated after decoding; `maxPayload` bounds the decoded size and
 *      the session must stop (throw a `WebSocketPayloadException` with
 *      closeCode 1009) as soon as its output passes it;
 *    - sent: every whole text/binary message sent with `send`/`sendText`/
 *      `sendBinary` goes through `encode()`, which says whether RSV1 is set
 *      (`compress: false` from the caller asks to leave it as it is);
 *      `sendFrame` (manual fragmentation) bypasses it;
 *    - `close()` releases its resources when the connection ends, however it
 *      ends (clean close, error, `abort()`).
 *
 * `decode` and `encode` may be asynchronous; the driver calls each in
 * message order and never has two decodes (or two encodes) of one session
 * running at once, so a session may keep a streaming context between
 * messages.
 */
export interface Extension {
  /** The extension token, e.g. `"permessage-deflate"`. */
  readonly name: string;
  /** The offer for the request, e.g. `"permessage-deflate; client_max_window_bits"`. */
  offer(): string;
  /**
   * The server accepted the offer with these parameters (`true` for a
   * parameter without a value). Returns the session for this connection;
   * throws a `WebSocketException` to refuse the answer.
   */
  accept(params: Record<string, string | true>): ExtensionSession;
}

/** What the driver tells {@link ExtensionSession.decode}. */
export interface DecodeInfo {
  /** 1 (text) or 2 (binary). */
  opcode: 1 | 2;
  /** Largest decoded size allowed, bytes; 0 = no limit. */
  maxPayload: number;
}

/** What the driver tells {@link ExtensionSession.encode}. */
export interface EncodeInfo {
  /** 1 (text) or 2 (binary). */
  opcode: 1 | 2;
  /** The caller's per-message switch (`send(data, { compress: false })`); undefined = the session decides. */
  compress?: boolean | undefined;
}

/** An encoded message: its payload and whether RSV1 is set on its first frame. */
export interface Encoded {
  data: Uint8Array;
  rsv1: boolean;
}

/** One connection's use of an accepted {@link Extension}. */
export interface ExtensionSession {
  /** The accepted extension's name. */
  readonly name: string;
  /** True when it uses RSV1 on data frames (received messages with RSV1 go to `decode`). */
  readonly rsv1: boolean;
  /** The negotiated parameters, for traces and `wsdump -v` (e.g. `"permessage-deflate; client_max_window_bits=15"`). */
  readonly description: string;
  /** Decodes a received message whose first frame had RSV1 set. */
  decode(data: Uint8Array, info: DecodeInfo): Uint8Array | Promise<Uint8Array>;
  /** Encodes a message to send. */
  encode(data: Uint8Array, info: EncodeInfo): Encoded | Promise<Encoded>;
  /** Releases resources (idempotent); called once the connection has ended. */
  close(): void;
}
