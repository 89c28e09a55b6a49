import { WebSocketException, type WebSocketExceptionOptions } from "./websocket-exception.js";

/** Response headers as the handshake parser keeps them: lower-case names. */
export type ResponseHeaders = Record<string, string>;

/** What the server answered instead of `101 Switching Protocols`. */
export interface BadStatusDetails extends WebSocketExceptionOptions {
  statusCode: number;
  statusMessage?: string;
  respHeaders?: ResponseHeaders;
  respBody?: Uint8Array;
}

/**
 * The server answered the opening handshake with a status other than 101
 * (Python: `WebSocketBadStatusException`).
 */
export class WebSocketBadStatusException extends WebSocketException {
  static override readonly code: string = "WSC_ERR_BAD_STATUS";
  static override readonly errorName: string = "WebSocketBadStatusException";

  /** The HTTP status code, e.g. 401. */
  readonly statusCode: number;
  /** The reason phrase of the status line, e.g. `Unauthorized`. */
  readonly statusMessage: string;
  /** The response headers (lower-case names). */
  readonly respHeaders: ResponseHeaders;
  /** The response body, as much of it as was read (bounded). */
  readonly respBody: Uint8Array;

  constructor(message: string, details: BadStatusDetails) {
    super(message, details);
    this.statusCode = details.statusCode;
    this.statusMessage = details.statusMessage ?? "";
    this.respHeaders = details.respHeaders ?? {};
    this.respBody = details.respBody ?? new Uint8Array(0);
  }

  /**
   * The response body as text, decoded as UTF-8 (invalid bytes become
   * U+FFFD). `respBody` stays the bytes: `String(e.respBody)` would print
   * the byte values (`98,97,100…`), so read this one for the text.
   */
  get respBodyText(): string {
    return new TextDecoder().decode(this.respBody);
  }
}
