/**
 * The hook a WebSocket extension (RFC 6455 §9) plugs into — e.g.
 * `@wsclient/permessage-deflate`. Core never imports an extension; the
 * caller passes instances in `new WebSocket({ extensions: [...] })`.
 *
 * Lifecycle, per connection:
 * 1. `offer()` is put into `Sec-WebSocket-Extensions` of the request
 *    (offers of several extensions are joined with ", ").
 * 2. When the server's response names the extension, `accept(params)` is
 *    called with its parameters; throw a `WebSocketException` to refuse
 *    (the connection then fails). An extension the server did not name is
 *    not used.
 * 3. When it claims RSV1 (`usesRsv1`), the frame parser accepts RSV1 on
 *    the first frame of a message, and every received message with RSV1 set
 *    goes through `decode()`; text is UTF-8 validated after decoding.
 * 4. Every whole message sent with `send`/`sendText`/`sendBinary` goes
 *    through `encode()`, which says whether RSV1 is set. `sendFrame`
 *    (manual fragmentation) bypasses it.
 *
 * `decode` and `encode` may be async; the driver calls each in message order
 * and delivers/writes results in that order.
 */
export interface Extension {
  /** The extension token, e.g. `"permessage-deflate"`. */
  readonly name: string;
  /** The offer for the request, e.g. `"permessage-deflate; client_max_window_bits"`. */
  offer(): string;
  /** The server accepted the offer with these parameters. Throw to refuse. */
  accept(params: Record<string, string | true>): void;
  /** True when the accepted extension uses RSV1 on data frames. */
  readonly usesRsv1: boolean;
  /** Decodes a received message whose first frame had RSV1 set. `maxPayload` bounds the output (0 = none). */
  decode(
    data: Uint8Array,
    info: { opcode: 1 | 2; rsv1: boolean; maxPayload: number },
  ): Uint8Array | Promise<Uint8Array>;
  /** Encodes a message to send; returns the payload and whether to set RSV1. */
  encode(
    data: Uint8Array,
    info: { opcode: 1 | 2 },
  ): { data: Uint8Array; rsv1: boolean } | Promise<{ data: Uint8Array; rsv1: boolean }>;
  /** Releases resources when the connection ends (optional). */
  close?(): void;
}
