/** Options every wsclient error accepts. */
export interface WebSocketExceptionOptions {
  /** The underlying error, kept as the standard ES2022 `cause`. */
  cause?: unknown;
  /**
   * The close status code that goes with this error: the code to send when it
   * fails the connection (1002, 1007, 1009 …), or the code the peer sent when
   * the connection was closed.
   */
  closeCode?: number;
  /** The close reason that goes with `closeCode`, when there is one. */
  closeReason?: string;
}

const BASE_MARKER = "wsclient.error";

/** The `Symbol.for` key marking instances of the error class whose code is `code`. */
function markerFor(code: string): symbol {
  return Symbol.for(`${BASE_MARKER}.${code}`);
}

/**
 * The root of every error wsclient throws (Python: `WebSocketException`).
 *
 * Identity works across duplicate installs of `@wsclient/errors`: every
 * instance carries `Symbol.for` markers for its class and its ancestors, and
 * both `isInstance()` and `instanceof` check those markers rather than the
 * prototype chain.
 */
export class WebSocketException extends Error {
  /** A stable, machine-readable code for the class, e.g. `WSC_ERR_TIMEOUT`. */
  static readonly code: string = "WSC_ERR_WEBSOCKET";
  /**
   * The instances' `name`, spelled out so it survives minification (which
   * renames classes). A subclass that does not set its own gets its class
   * name, as a plain `Error` subclass would.
   */
  static readonly errorName: string = "WebSocketException";

  /** A stable, machine-readable code for the class, e.g. `WSC_ERR_TIMEOUT`. */
  readonly code: string;
  /** See {@link WebSocketExceptionOptions.closeCode}. */
  readonly closeCode: number | undefined;
  /** See {@link WebSocketExceptionOptions.closeReason}. */
  readonly closeReason: string | undefined;

  constructor(message: string, options: WebSocketExceptionOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof WebSocketException;
    this.name = Object.hasOwn(ctor, "errorName") ? ctor.errorName : ctor.name;
    this.code = ctor.code;
    this.closeCode = options.closeCode;
    this.closeReason = options.closeReason;
    // Mark the instance with its class and every ancestor up to this one.
    // Class codes, unlike class names, survive minification.
    for (let c = ctor; c !== (Error as unknown); c = Object.getPrototypeOf(c)) {
      Object.defineProperty(this, markerFor(c.code), { value: true });
    }
  }

  /**
   * True when `value` is an instance of this class (or a subclass), even one
   * created by another copy of `@wsclient/errors`.
   */
  static isInstance(value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[markerFor(this.code)] === true
    );
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this.isInstance(value);
  }
}
